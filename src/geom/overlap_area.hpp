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
// of their union is Σ area(Pᵢ) − area(Pᵢ ∩ (P₁ ∪ … ∪ Pᵢ₋₁)), exactly, and Pᵢ ∩ (P₁ ∪ … ∪ Pᵢ₋₁) is the
// union of the small overlaps Pᵢ ∩ Pⱼ, j < i. So only overlapping parts are intersected and only their
// overlaps unioned: the cost follows the size of the overlaps, not of the features, and a layer that tiles
// its area (neighbours that only touch) costs no union at all.
class OverlappingParts {
public:
    // `part_area`, when given, holds the parts' geodesic areas, so that they need not be measured again; what
    // counts is their sum per feature (a feature's whole area on its first part and 0 on the others will do).
    // With `measure_parts` false they are not measured either: for covered(), which needs only the overlaps.
    OverlappingParts(std::vector<std::pair<std::size_t, GeomPtr>> parts, const Ellipsoid& e,
                     std::vector<double> part_area = {}, bool measure_parts = true);

    // Area of the union of the parts for which `take(feature)` is true.
    template <class Take>
    double union_area(const Take& take) const {
        double area = 0;
        for (std::size_t i = 0; i < m_parts.size(); ++i) {
            if (!take(m_parts[i].first)) continue;
            area += m_area[i];
            std::vector<const Overlap*> earlier;
            for (const auto& o : m_overlaps[i])
                if (take(m_parts[o.other].first)) earlier.push_back(&o);
            if (!earlier.empty()) area -= covered_by(earlier).first;
        }
        return std::max(0.0, area);
    }

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

    // The union itself (for the urban boundary and green space, which later overlays need).
    GeomPtr union_geometry();

private:
    struct Overlap {
        std::size_t other = 0;  // the earlier part
        double area = 0;
        GeomPtr geom;
    };
    // The union of some of a part's overlaps, and its area (the overlap itself when there is one).
    std::pair<double, GeomPtr> covered_by(const std::vector<const Overlap*>& overlaps, bool keep_geometry = false) const;
    std::vector<std::pair<std::size_t, GeomPtr>> m_parts;
    const Ellipsoid& m_e;
    std::vector<double> m_area;
    std::vector<std::vector<Overlap>> m_overlaps;  // per part, its overlaps with earlier parts
};

}  // namespace ecozone::geom
