#include "sources/terraform/budget.h"

namespace cs::tf {

namespace {
thread_local EvalBudget* g_active = nullptr;
}  // namespace

std::string budget_exceeded(const std::string& what) {
  return "evaluation budget exceeded: " + what;
}

void EvalBudget::spend(std::string why) {
  if (reason_.empty()) reason_ = budget_exceeded(why);
}

bool EvalBudget::step(uint64_t n) {
  steps_ += n;
  if (steps_ <= limits_.max_steps) return true;
  spend("more than " + std::to_string(limits_.max_steps) + " evaluation steps in one root module");
  return false;
}

bool EvalBudget::work(uint64_t n) {
  work_ += n;
  if (work_ <= limits_.max_work) return true;
  spend("more than " + std::to_string(limits_.max_work) + " elements gone through in one root module");
  return false;
}

bool EvalBudget::allocate(uint64_t bytes) {
  allocated_ += bytes;
  if (allocated_ <= limits_.max_allocated) return true;
  spend("values of more than " + std::to_string(limits_.max_allocated >> 20) +
        " MiB built in one root module");
  return false;
}

bool EvalBudget::fits(uint64_t elements, uint64_t bytes, std::string* why) const {
  if (elements > limits_.max_elements) {
    *why = budget_exceeded("value larger than " + std::to_string(limits_.max_elements) + " elements");
    return false;
  }
  if (bytes > limits_.max_bytes) {
    *why = budget_exceeded("value larger than " + std::to_string(limits_.max_bytes >> 20) + " MiB of text");
    return false;
  }
  return true;
}

EvalBudget* EvalBudget::active() {
  return g_active;
}

BudgetScope::BudgetScope(EvalBudget* b) {
  if (!g_active && b) {
    g_active = b;
    installed_ = true;
  }
}

BudgetScope::~BudgetScope() {
  if (installed_) g_active = nullptr;
}

}  // namespace cs::tf
