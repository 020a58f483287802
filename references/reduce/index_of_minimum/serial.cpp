size_t indexOfMinimum(const std::vector<double> &x) {
    size_t best = 0;
    for (size_t i = 1; i < x.size(); ++i)
        if (x[i] < x[best]) best = i;
    return best;
}
