// Two passes: the mean first, then the squared deviations from it.
void meanAndVariance(const std::vector<double> &x, std::vector<double> &stats) {
    const double n = static_cast<double>(x.size());
    double sum = 0.0;
    for (double v : x) sum += v;
    const double mean = sum / n;
    double squares = 0.0;
    for (double v : x) squares += (v - mean) * (v - mean);
    stats.assign(2, 0.0);
    stats[0] = mean;
    stats[1] = squares / n;
}
