#pragma once
// The reference page of training (docs/reference/training.md, written by `ordo docs`): the GPT
// training layer split t ways by tensor parallelism and by tensor + sequence parallelism, per
// device, each quantity as its polynomial and its values at t = 1, 2, 4, 8 (the figures of
// `ordo report`'s tensor-parallel section, parallel_report.hpp).

#include <string>

namespace ordo_tool {

/// The page's Markdown.
std::string training_page();

}  // namespace ordo_tool
