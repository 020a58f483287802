// What the driver (driver.cpp, compiled once per mode) and the glue generated from a signature (glue.py)
// share. The glue includes pareval.hpp first (its precompiled form) and then only this: keep it light.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace pareval {

// Defined by the glue for its signature: the number of arguments and, per argument, the size of one
// element and whether it is a vector (a scalar's count must be 1). One entry more than arguments.
extern const int ARGS;
extern const size_t ITEM_SIZE[];
extern const bool IS_VECTOR[];

// One case's arguments as read from inputs.bin: a pointer to the raw elements and their count.
struct Case {
  std::vector<const char*> data;
  std::vector<uint64_t> count;
};

// The clocks around one call: wall (steady clock) and CPU of the process minus CPU inside MPI, per unit
// (the calling thread, then each OpenMP worker thread: driver.cpp); compute_seconds is the busiest unit's.
struct Clock {
  double wall_seconds = 0, compute_seconds = 0;
  std::vector<double> units;    // per thread of this process
  std::vector<double> workers;  // the OpenMP workers' CPU counters at start
  void start();  // under MPI after a barrier: every rank starts the call together
  void stop();
  int64_t wall_ns = 0;
  double thread = 0, process = 0, mpi = 0, omp_wait = 0;
};

// Defined by the glue: rebuild the arguments of one case, time the candidate's call with `clock`, and
// append the outputs to `results` when given.
void call(const Case& c, Clock& clock, std::string* results);

template <typename T>
void put(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
void put_vector(std::string& out, const std::vector<T>& values) {
  put(out, static_cast<uint64_t>(values.size()));
  if (!values.empty()) out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

// Elements in inputs.bin are not aligned for their type: copy bytes, never dereference them in place.
template <typename T>
std::vector<T> vector_arg(const Case& c, int a) {
  std::vector<T> values(static_cast<size_t>(c.count[a]));
  if (!values.empty()) std::memcpy(static_cast<void*>(values.data()), c.data[a], values.size() * sizeof(T));
  return values;
}

template <typename T>
T scalar_arg(const Case& c, int a) {
  T value;
  std::memcpy(&value, c.data[a], sizeof value);
  return value;
}

}  // namespace pareval
