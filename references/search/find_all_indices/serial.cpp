void findAllIndices(const std::vector<int> &x, int target, std::vector<size_t> &indices) {
    indices.clear();
    for (size_t i = 0; i < x.size(); ++i)
        if (x[i] == target) indices.push_back(i);
}
