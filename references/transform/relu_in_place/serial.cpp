void reluInPlace(std::vector<double> &x) {
    for (double &v : x) v = std::max(v, 0.0);
}
