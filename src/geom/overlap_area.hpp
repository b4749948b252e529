#pragma once
// The area of the union of polygons, overlaps counted once, without the union of them all.

#include <algorithm>
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
    OverlappingParts(std::vector<std::pair<std::size_t, GeomPtr>> parts, const Ellipsoid& e,
                     std::vector<double> part_area = {});

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
            if (earlier.size() == 1) {
                area -= earlier[0]->area;
            } else if (earlier.size() > 1) {
                std::vector<GeomPtr> pieces;
                for (const Overlap* o : earlier) pieces.push_back(clone(o->geom.get()));
                const GeomPtr u = union_all(std::move(pieces));
                area -= u ? geodesic_area_m2(u.get(), m_e) : 0;
            }
        }
        return std::max(0.0, area);
    }

    // The union itself (for the urban boundary and green space, which later overlays need).
    GeomPtr union_geometry();

private:
    struct Overlap {
        std::size_t other = 0;  // the earlier part
        double area = 0;
        GeomPtr geom;
    };
    std::vector<std::pair<std::size_t, GeomPtr>> m_parts;
    const Ellipsoid& m_e;
    std::vector<double> m_area;
    std::vector<std::vector<Overlap>> m_overlaps;  // per part, its overlaps with earlier parts
};

}  // namespace ecozone::geom
