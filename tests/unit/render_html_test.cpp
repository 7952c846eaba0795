#include <catch2/catch.hpp>

#include "poolbook/reports/render/html.hpp"
