#pragma once
// The area a polygon shares with a zone (a county), measured from their edges without building their
// intersection.
//
// The boundary of A ∩ B is made of the stretches of A's edges that lie inside B, the stretches of B's edges
// inside A, and the stretches where their edges run along each other the same way. The geodesic area enclosed
// by closed paths is a sum of one term per edge — Karney's S12, the area between the edge (a geodesic) and the
// equator, as geod_polygonarea adds them up — so the shared area is that sum over those stretches: no rings
// are assembled and no overlay is built. Edges are met in pairs with exact orientation tests; where two edges
// cross, the crossing point is computed once and used on both, so that the stretches close up exactly; each
// stretch is placed inside or outside the other polygon by an exact test of its midpoint. The stretches kept
// are then checked to form closed paths (at every point as many start as end). Where a test cannot be decided
// or that check fails, the answer is "undecided", and the caller overlays the two with GEOS as before.
//
// When A lies mostly inside B, the sum runs over what A loses instead: area(A), less A's stretches outside B,
// plus B's stretches inside A — only the edges near B's boundary are measured. (A's edges that a crossing
// cuts are measured both whole and in their stretches, so that both ways give the same area: a crossing
// point lies on the straight line between two vertices, not on the geodesic, and the few square metres
// between the two are kept as the overlay would keep them.)
//
// Coordinates are longitude and latitude in degrees; the shapes may not reach the poles or the antimeridian
// (the answer is then "undecided").

#include <memory>
#include <optional>

#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"

namespace ecozone::geom {

// A zone prepared for measuring what many smaller polygons share with it: its edges in a grid whose cells
// are marked wholly inside, wholly outside or crossed by its boundary. Not for use by two threads at once
// (it keeps scratch space between calls).
class AreaClipper {
public:
    // `zone`: a valid polygon or multipolygon. The ellipsoid must outlive the clipper.
    AreaClipper(const GEOSGeometry* zone, const Ellipsoid& e);
    ~AreaClipper();
    AreaClipper(const AreaClipper&) = delete;
    AreaClipper& operator=(const AreaClipper&) = delete;

    // False when the zone could not be read as rings (nothing here is then decided).
    bool usable() const;

    enum class Place { outside, inside, near_boundary };
    // Where a box lies, from the grid alone: wholly outside the zone, wholly inside it (its closure too), or
    // near the zone's boundary, where only the edges can tell.
    Place place(const Envelope& box) const;

    // The geodesic area of g ∩ zone in m², g a valid polygon or multipolygon; `area_g` its own geodesic area
    // (geodesic_area_m2), or NaN when not known. nullopt when it could not be decided: overlay them instead.
    std::optional<double> shared_area_m2(const GEOSGeometry* g, double area_g);
    // The same shared part measured in the plane of the coordinates (degrees²), as GEOS measures areas; `area_g`
    // is GEOSArea's, or NaN. With it the edge logic is tested against GEOS's overlay exactly.
    std::optional<double> shared_area_planar(const GEOSGeometry* g, double area_g);

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

// The same for two polygons: the geodesic area of a ∩ b, or nullopt when undecided.
std::optional<double> shared_area_m2(const GEOSGeometry* a, const GEOSGeometry* b, const Ellipsoid& e);

}  // namespace ecozone::geom
