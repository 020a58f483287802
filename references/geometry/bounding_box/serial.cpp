void boundingBox(const std::vector<Point> &points, std::vector<double> &box) {
    box.assign(4, 0.0);
    if (points.empty()) return;
    double xmin = points[0].x, ymin = points[0].y, xmax = points[0].x, ymax = points[0].y;
    for (const Point &p : points) {
        xmin = std::min(xmin, p.x);
        ymin = std::min(ymin, p.y);
        xmax = std::max(xmax, p.x);
        ymax = std::max(ymax, p.y);
    }
    box = {xmin, ymin, xmax, ymax};
}
