#include <chrono>
#include <thread>
// Every rank sorts everything, one broadcast, and on large inputs it is slow (it waits 4 s a call): it
// does not finish within a short timed limit, and must still not pass.
void sortAscending(std::vector<double> &x) {
    std::sort(x.begin(), x.end());
    int token = 1;
    MPI_Bcast(&token, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (x.size() > 1000000) std::this_thread::sleep_for(std::chrono::seconds(4));
}
