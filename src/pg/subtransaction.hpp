#pragma once
// Runs C++ code inside an internal subtransaction, as PL/pgSQL's EXCEPTION blocks do: on any
// exception the subtransaction is rolled back (undoing its catalog changes and releasing its
// resources) before the exception continues, so the caller may turn it into a result and go on.
#include <functional>

namespace graphgate::pg {

void in_subtransaction(const std::function<void()>& body);

}  // namespace graphgate::pg
