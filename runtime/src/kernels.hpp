#pragma once
// Every op's kernel entry (kernels/*.hpp, grouped like the symbolic ops). The interpreter
// dispatches on a node's kind with ordo::visit_op; an op without an entry is E303.

#include "kernels/collective.hpp"
#include "kernels/dropout.hpp"
#include "kernels/elementwise.hpp"
#include "kernels/experts.hpp"
#include "kernels/gradient.hpp"
#include "kernels/layout.hpp"
#include "kernels/linear.hpp"
#include "kernels/loops.hpp"
#include "kernels/reduce.hpp"
#include "kernels/rotary.hpp"
#include "kernels/select.hpp"
