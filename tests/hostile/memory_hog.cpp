// mode: serial  outcome: run_fail
// Takes memory until the allocation fails (the address-space limit: std::bad_alloc) or the process is
// killed (the memory cgroup). It touches one byte per block only: paging 2 GB in is slow enough under load
// to turn the expected run_fail into a timeout, which would be contained as well but is not the point.
double sumOfSquares(const std::vector<double> &x) {
  std::vector<volatile char*> hoard;
  for (;;) {
    volatile char* block = new char[256 << 20];
    block[0] = 1;
    hoard.push_back(block);
  }
  return 0;
}
