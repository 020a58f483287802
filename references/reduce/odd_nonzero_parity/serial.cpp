bool oddNonzeroParity(const std::vector<int> &x) {
    bool odd = false;
    for (int v : x) odd ^= (v != 0);
    return odd;
}
