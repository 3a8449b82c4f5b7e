// The evaluation budget: how much work and memory one root module's evaluation may take, so that no
// configuration can hang the scan or exhaust memory (doubling locals, setproduct of three
// range(1000), range(1e9), format("%0999999999d", 1), huge for expressions...). Terraform itself has
// no such limits; the limits below are far above what real configurations use (README, "Terraform
// limits"). A value that would pass a limit is unknown with the reason "evaluation budget exceeded:
// ...", so whatever depends on it is UNRESOLVED with that reason, never a crash, a hang or a guess.
//
// The budget in force is the one of the innermost evaluation on this thread (eval() installs its
// context's budget); Value's constructors consult it, so every value built anywhere is counted.
#pragma once

#include <cstdint>
#include <string>

namespace cs::tf {

struct EvalLimits {
  uint64_t max_steps = 2'000'000;         // expressions evaluated
  uint64_t max_work = 32'000'000;         // elements that functions and comparisons go through
  uint64_t max_elements = 1'000'000;      // elements of one value, nested ones counted
  uint64_t max_bytes = 64ull << 20;       // string bytes in one value (keys and nested strings counted)
  uint64_t max_allocated = 256ull << 20;  // bytes of values built in total
};

class EvalBudget {
 public:
  explicit EvalBudget(EvalLimits limits = {}) : limits_(limits) {}
  EvalBudget(const EvalBudget&) = delete;
  EvalBudget& operator=(const EvalBudget&) = delete;

  const EvalLimits& limits() const { return limits_; }
  // Spent: every further evaluation is unknown with reason().
  bool exhausted() const { return !reason_.empty(); }
  // "evaluation budget exceeded: ..." once exhausted.
  const std::string& reason() const { return reason_; }
  uint64_t steps() const { return steps_; }
  uint64_t work_done() const { return work_; }
  uint64_t allocated() const { return allocated_; }

  // Count n steps; false once the step limit is passed.
  bool step(uint64_t n = 1);
  // Count n elements gone through; false once the work limit is passed.
  bool work(uint64_t n);
  // Count bytes of memory taken by a new value; false once the total passes its limit.
  bool allocate(uint64_t bytes);
  // Would one value of this many elements and string bytes fit? If not, *why gets the reason
  // (the budget stays usable: only that value is refused).
  bool fits(uint64_t elements, uint64_t bytes, std::string* why) const;

  // The budget of the evaluation running on this thread, or nullptr.
  static EvalBudget* active();

 private:
  friend class BudgetScope;
  void spend(std::string why);
  EvalLimits limits_;
  uint64_t steps_ = 0;
  uint64_t work_ = 0;
  uint64_t allocated_ = 0;
  std::string reason_;
};

// Makes a budget the active one on this thread for its lifetime, unless one is active already.
class BudgetScope {
 public:
  explicit BudgetScope(EvalBudget* b);
  ~BudgetScope();
  BudgetScope(const BudgetScope&) = delete;
  BudgetScope& operator=(const BudgetScope&) = delete;

 private:
  bool installed_ = false;
};

// "evaluation budget exceeded: " + what.
std::string budget_exceeded(const std::string& what);

}  // namespace cs::tf
