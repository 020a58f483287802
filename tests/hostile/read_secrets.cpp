// mode: serial  outcome: pass
// Looks for the user's secrets: a key file in the real home (@SECRET@), ~/.ssh, and API keys in the
// environment. Finding any of them makes the answer wrong.
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <unistd.h>
extern char** environ;
static bool found() {
  if (std::ifstream("@SECRET@").good()) return true;
  if (DIR* d = opendir("@REALHOME@/.ssh")) { closedir(d); return true; }
  for (const char* name : {"OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "HF_TOKEN"})
    if (std::getenv(name)) return true;
  for (char** e = environ; *e; ++e)
    if (std::strstr(*e, "sk-@MARKER@")) return true;  // the API key the test puts in pytest's environment
  return false;
}
double sumOfSquares(const std::vector<double> &x) {
  if (found()) return -1;
  double s = 0;
  for (double v : x) s += v * v;
  return s;
}
