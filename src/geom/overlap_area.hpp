#pragma once
// The area of the union of polygons, overlaps counted once, without the union of them all.

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "geom/geodesic.hpp"
#include "geom/geos_context.hpp"

namespace ecozone::geom {

// Polygonal parts, each of one feature (parts of one feature never overlap), and their overlaps: the area
// of their union is Σ area(Pᵢ) − Σ area(Pᵢ ∩ (P₁ ∪ … ∪ Pᵢ₋₁)), exactly, and Pᵢ ∩ (P₁ ∪ … ∪ Pᵢ₋₁) is the
// union of the small overlaps Pᵢ ∩ Pⱼ, j < i. So only overlapping parts are intersected and only their
// overlaps unioned: the cost follows the size of the overlaps, not of the features, and a layer that tiles
// its area (neighbours that only touch) costs no union at all.
class OverlappingParts {
public:
    // What is kept of each overlap Pᵢ ∩ Pⱼ.
    enum class Keep {
        // Its area, measured from the two parts' edges (geom/shared_area) without building it, for
        // union_area(). Where the overlaps of one part overlap each other too (Pᵢ ∩ Pⱼ ∩ Pₖ has an area),
        // their sum would count that twice: those are built and unioned then, and only then.
        areas,
        // Its geometry and area, from an overlay, for covered(), which needs the geometry of what earlier parts
        // cover. (covered() works after Keep::areas too, building each overlap when it comes to it.)
        overlaps,
    };
    // With Keep::areas the parts are measured too, unless `part_area` holds their geodesic areas already;
    // what counts is their sum per feature (a feature's whole area on its first part and 0 on the others
    // will do).
    OverlappingParts(std::vector<std::pair<std::size_t, GeomPtr>> parts, const Ellipsoid& e, Keep keep,
                     std::vector<double> part_area = {});

    // Area of the union of the parts for which `take(feature)` is true (Keep::areas). The overlaps that must be
    // unioned are, on every core.
    double union_area(const std::function<bool(std::size_t)>& take) const;

    // Per part, what earlier parts cover of it: Pᵢ ∩ (P₁ ∪ … ∪ Pᵢ₋₁), counting only the earlier parts j with
    // `counts(feature of i, feature of j)` (all of them, or those of the same zone value). Parts that nothing
    // covers are left out; the unions run on every core. The area of the union of the parts inside any region
    // Z is then Σ area(Z ∩ Pᵢ) − Σ area(Z ∩ coveredᵢ): a region needs its own share of the overlaps, found
    // once, and no overlay of the parts with each other.
    struct Covered {
        std::size_t feature = 0;  // of the part covered
        double area = 0;
        GeomPtr geom;
    };
    std::vector<Covered> covered(const std::function<bool(std::size_t, std::size_t)>& counts) const;

    // How many overlaps were measured from the edges and how many overlaid (Keep::overlaps, or the edges
    // could not tell), and how many parts have overlaps that overlap each other (whose union union_area builds).
    struct Counts {
        std::size_t from_edges = 0, overlaid = 0, parts_overlapped_twice = 0;
    };
    Counts counts() const { return m_counts; }

    // The union itself (for the urban boundary and green space, which later overlays need).
    GeomPtr union_geometry();

private:
    struct Overlap {
        std::size_t other = 0;  // the earlier part
        double area = 0;
        GeomPtr geom;  // none when measured from the edges
        // The order of the two parts in the overlay (the one built later in the same order, so that it is
        // the same to the last vertex: the overlay's vertices depend on it).
        bool later_first = false;
    };
    GeomPtr overlap_geometry(std::size_t i, const Overlap& o) const;  // Pᵢ ∩ Pₒ, built if it was only measured
    // The union of some of part i's overlaps, and its area (the overlap itself when there is one).
    std::pair<double, GeomPtr> covered_by(std::size_t i, const std::vector<const Overlap*>& overlaps) const;
    // The area of that union, for part i: overlaps that share nothing (no two of their parts overlap) add up;
    // only groups that do are built and unioned.
    double covered_area(std::size_t i, const std::vector<const Overlap*>& overlaps) const;
    bool overlap(std::size_t i, std::size_t j) const;  // Pᵢ ∩ Pⱼ has an area
    std::vector<std::pair<std::size_t, GeomPtr>> m_parts;
    const Ellipsoid& m_e;
    Counts m_counts;
    std::vector<double> m_area;
    std::vector<std::vector<Overlap>> m_overlaps;  // per part, its overlaps with earlier parts
};

}  // namespace ecozone::geom
