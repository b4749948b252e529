#pragma once
// Whether two polygons only touch, decided from their edges without an overlay.
//
// Neighbouring features of a layer that tiles its area (control units, counties) share their boundaries:
// their intersection is a line, of no area, yet GEOS's overlay nodes every shared segment to find that out.
// Here the edges of the two polygons are compared in pairs with exact orientation predicates: two valid
// polygons' interiors are disjoint exactly when (a) no edge of one crosses an edge of the other, (b) no
// boundary point of one lies inside the other — tested at the vertices and at one point of every stretch of
// an edge between the places where it meets the other's boundary — and (c) where their edges run along each
// other, the interiors lie on opposite sides. (If the interiors met but no boundary point of one were inside
// the other, the boundary of the common part would lie on both boundaries, on edges that run along each
// other with both interiors on one side.)

#include <array>
#include <optional>
#include <vector>

#include "geom/geos_context.hpp"

namespace ecozone::geom {

// True when the interiors of two valid polygonal geometries certainly do not meet: they touch along edges or
// at points, or do not meet at all. False when they overlap, and in the rare case that floating point cannot
// decide a test exactly (then the caller overlays them, as it would without this test).
bool interiors_disjoint(const GEOSGeometry* a, const GEOSGeometry* b);

// The same tests tell when one polygon holds the other (then their intersection is the smaller one).
// (Containment: the inner one's boundary nowhere outside the outer one, the outer one's nowhere inside the
// inner one, and no edges along each other with the interiors on either side.)
enum class PolygonRelation {
    disjoint,       // the interiors do not meet
    first_within,   // a ⊆ b
    second_within,  // b ⊆ a
    undecided       // they overlap in part, or a test could not be decided exactly
};
PolygonRelation relate_polygons(const GEOSGeometry* a, const GEOSGeometry* b, bool disjoint_only = false);

// Whether (x, y) lies in the interior of a polygonal geometry (false on its boundary); nullopt when floating
// point cannot decide it exactly.
std::optional<bool> in_interior(double x, double y, const GEOSGeometry* polygon);
// Whether one of the points is proven to lie in the interior of a polygonal geometry (false: none is, or
// floating point could not decide those that might be).
bool any_in_interior(const std::vector<std::array<double, 2>>& points, const GEOSGeometry* polygon);

}  // namespace ecozone::geom
