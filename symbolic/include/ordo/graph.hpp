#pragma once
/// \file
/// Shape-checked graphs: trace a generic function on symbolic tensors, get its graph, and
/// derive exact costs (flops, bytes_moved, peak_memory, params) under a convention.

#include <ordo/graph/backward.hpp>
#include <ordo/graph/check_sizes.hpp>
#include <ordo/graph/conventions.hpp>
#include <ordo/graph/cost.hpp>
#include <ordo/graph/costs.hpp>
#include <ordo/graph/crossover.hpp>
#include <ordo/graph/dtype.hpp>
#include <ordo/graph/element_type.hpp>
#include <ordo/graph/graph.hpp>
#include <ordo/graph/loops.hpp>
#include <ordo/graph/op_table.hpp>
#include <ordo/graph/op_traits.hpp>
#include <ordo/graph/operations.hpp>
#include <ordo/graph/piecewise_max.hpp>
#include <ordo/graph/published.hpp>
#include <ordo/graph/hardware.hpp>
#include <ordo/graph/intensity.hpp>
#include <ordo/graph/roofline.hpp>
#include <ordo/graph/ops/elementwise.hpp>
#include <ordo/graph/ops/experts.hpp>
#include <ordo/graph/ops/gradient.hpp>
#include <ordo/graph/ops/layout.hpp>
#include <ordo/graph/ops/linear.hpp>
#include <ordo/graph/ops/reduce.hpp>
#include <ordo/graph/ops/dropout.hpp>
#include <ordo/graph/ops/rotary.hpp>
#include <ordo/graph/ops/select.hpp>
#include <ordo/graph/rules.hpp>
#include <ordo/graph/saved_activations.hpp>
#include <ordo/graph/training_memory.hpp>
#include <ordo/graph/shape.hpp>
#include <ordo/graph/tensor.hpp>
#include <ordo/graph/trace.hpp>
