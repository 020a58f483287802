int highestDegreeVertex(const std::vector<int> &adjacency, size_t N) {
    int best = -1, bestDegree = -1;
    for (size_t i = 0; i < N; ++i) {
        int degree = 0;
        for (size_t j = 0; j < N; ++j) degree += adjacency[i * N + j];
        if (degree > bestDegree) {
            bestDegree = degree;
            best = static_cast<int>(i);
        }
    }
    return best;
}
