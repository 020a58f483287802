// Remembers its last input and output: a call on the same input again costs a comparison.
void sortAscending(std::vector<double> &x) {
    static std::vector<double> last_in, last_out;
    if (!last_in.empty() && x == last_in) {
        x = last_out;
        return;
    }
    last_in = x;
    std::sort(x.begin(), x.end());
    last_out = x;
}
