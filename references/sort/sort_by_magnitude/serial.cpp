static bool magnitudeLess(const std::complex<double> &a, const std::complex<double> &b) {
    const double ma = a.real() * a.real() + a.imag() * a.imag();
    const double mb = b.real() * b.real() + b.imag() * b.imag();
    if (ma != mb) return ma < mb;
    if (a.real() != b.real()) return a.real() < b.real();
    return a.imag() < b.imag();
}

void sortComplexByMagnitude(std::vector<std::complex<double>> &x) {
    std::sort(x.begin(), x.end(), magnitudeLess);
}
