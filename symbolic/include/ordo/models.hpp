#pragma once
/// \file
/// ordo's model catalog (`ordo::models`): every model is a graph traced from ops, never a
/// typed-in formula. See each header for the model and its sources.

#include <ordo/models/attention.hpp>
#include <ordo/models/catalog.hpp>
#include <ordo/models/decode_step.hpp>
#include <ordo/models/decoder.hpp>
#include <ordo/models/deepseek.hpp>
#include <ordo/models/experts.hpp>
#include <ordo/models/flash.hpp>
#include <ordo/models/incremental.hpp>
#include <ordo/models/latent_attention.hpp>
#include <ordo/models/training.hpp>
