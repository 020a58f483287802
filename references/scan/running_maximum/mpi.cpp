void runningMaximum(std::vector<double> &x) {
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t n = x.size();
    const size_t begin = n * rank / size, end = n * (rank + 1) / size;

    // Running maximum inside this rank's block (every rank works on its own copy of x).
    for (size_t i = begin + 1; i < end; ++i) x[i] = std::max(x[i], x[i - 1]);
    double blockMax = begin < end ? x[end - 1] : -std::numeric_limits<double>::infinity();

    // Maximum of all earlier blocks, folded into this block.
    double before = -std::numeric_limits<double>::infinity();
    MPI_Exscan(&blockMax, &before, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    if (rank != 0) {
        for (size_t i = begin; i < end; ++i) x[i] = std::max(x[i], before);
    }

    std::vector<int> counts(size), displs(size);
    for (int r = 0; r < size; ++r) {
        displs[r] = static_cast<int>(n * r / size);
        counts[r] = static_cast<int>(n * (r + 1) / size) - displs[r];
    }
    if (rank == 0) {
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, x.data(), counts.data(), displs.data(), MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    } else {
        MPI_Gatherv(x.data() + begin, static_cast<int>(end - begin), MPI_DOUBLE, nullptr, nullptr, nullptr,
                    MPI_DOUBLE, 0, MPI_COMM_WORLD);
    }
}
