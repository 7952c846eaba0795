// Runs a libFuzzer target without libFuzzer, so every build exercises it: each file named
// on the command line is fed as it is, then N inputs made from them by deterministic
// random mutation (bytes flipped, inserted, deleted, spliced from another file; quotes,
// delimiters and line breaks favoured). Not a substitute for coverage-guided fuzzing
// (tests/fuzz/README.md), but it keeps the target's invariants checked on every commit.
//
//   csv_reader_replay 200000 seeds/*.csv
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int feed(const std::string& input) {
  return LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::string mutate(const std::vector<std::string>& seeds, std::mt19937_64& random) {
  std::string input = seeds[random() % seeds.size()];
  static constexpr char kInteresting[] = {'"', ',', ';', '\t', '|', '\n', '\r', '\0', ' ', 'x'};
  const int edits = 1 + static_cast<int>(random() % 8);
  for (int edit = 0; edit < edits; ++edit) {
    const std::size_t at = input.empty() ? 0 : random() % (input.size() + 1);
    const char byte =
        random() % 2 == 0 ? kInteresting[random() % sizeof kInteresting] : static_cast<char>(random() % 256);
    switch (random() % 5) {
      case 0:
        input.insert(at, 1, byte);
        break;
      case 1:
        if (at < input.size()) input[at] = byte;
        break;
      case 2:
        if (at < input.size()) input.erase(at, 1 + random() % 16);
        break;
      case 3: {  // splice the tail of another seed
        const std::string& other = seeds[random() % seeds.size()];
        const std::size_t from = other.empty() ? 0 : random() % other.size();
        input = input.substr(0, at) + other.substr(from);
        break;
      }
      default:
        input = input.substr(0, at);  // truncate
    }
  }
  return input;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s COUNT FILE...\n", argv[0]);
    return 2;
  }
  const long count = std::stol(argv[1]);
  std::vector<std::string> seeds;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 2;
    }
    std::ostringstream text;
    text << in.rdbuf();
    // The target reads its options from the first two bytes: try each seed with the
    // default limits (",\0") and with small ones.
    seeds.push_back(std::string(",\0", 2) + text.str());
    seeds.push_back(std::string("\x80\x13", 2) + text.str());
    for (const std::string& seed : {seeds[seeds.size() - 2], seeds.back()}) feed(seed);
  }
  std::mt19937_64 random(20251015);
  for (long i = 0; i < count; ++i) feed(mutate(seeds, random));
  std::printf("%zu seeds and %ld mutations: every invariant held\n", seeds.size(), count);
  return 0;
}
