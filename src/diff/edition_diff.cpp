#include "diff/edition_diff.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <tuple>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <tbb/parallel_for.h>

#include "core/error.hpp"
#include "core/i18n.hpp"

namespace ecozone::diff {

namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<BPoint>;
using Entry = std::pair<Box, std::size_t>;
using Tree = bgi::rtree<Entry, bgi::rstar<16>>;

using geom::GeomPtr;
using geom::geos;

Box box_of(const geom::Envelope& e) { return Box(BPoint(e.min_x, e.min_y), BPoint(e.max_x, e.max_y)); }

// Envelopes of a list of geometries (null ones left out) in a packed R-tree.
Tree tree_of(const std::vector<const GEOSGeometry*>& geoms) {
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < geoms.size(); ++i) {
        if (!geoms[i]) continue;
        const geom::Envelope e = geom::envelope(geoms[i]);
        if (!e.empty) entries.emplace_back(box_of(e), i);
    }
    return Tree(entries.begin(), entries.end());
}

std::vector<std::size_t> query(const Tree& tree, const GEOSGeometry* g) {
    std::vector<std::size_t> out;
    const geom::Envelope e = geom::envelope(g);
    if (e.empty) return out;
    for (auto it = tree.qbegin(bgi::intersects(box_of(e))); it != tree.qend(); ++it) out.push_back(it->second);
    std::sort(out.begin(), out.end());
    return out;
}

// The binary operations of an overlay. GEOS's floating-point noding can fail on nearly coincident edges;
// the operation is then repeated on a grid of 1e-10 degrees (about 0.01 mm), far below any survey.
enum class Op { difference, intersection };
GeomPtr overlay(const GEOSGeometry* a, const GEOSGeometry* b, Op op) {
    GEOSGeometry* r = op == Op::difference ? GEOSDifference_r(geos(), a, b) : GEOSIntersection_r(geos(), a, b);
    if (!r) {
        geom::take_geos_error();
        r = op == Op::difference ? GEOSDifferencePrec_r(geos(), a, b, 1e-10) : GEOSIntersectionPrec_r(geos(), a, b, 1e-10);
    }
    return geom::checked(r, op == Op::difference ? "difference" : "intersection");
}

bool is_empty(const GEOSGeometry* g) { return !g || GEOSisEmpty_r(geos(), g) == 1; }

// a minus every geometry of `others` listed in `near` (their union); a itself when none touch it.
GeomPtr minus(const GEOSGeometry* a, const std::vector<const GEOSGeometry*>& others, const std::vector<std::size_t>& near) {
    std::vector<GeomPtr> parts;
    for (std::size_t k : near)
        if (others[k] && GEOSIntersects_r(geos(), a, others[k]) == 1) parts.push_back(geom::clone(others[k]));
    if (parts.empty()) return geom::clone(a);
    GeomPtr u = parts.size() == 1 ? std::move(parts.front()) : geom::union_all(std::move(parts));
    return overlay(a, u.get(), Op::difference);
}

std::string wkb_key(const GEOSGeometry* g, bool normalized) {
    GeomPtr c;
    if (normalized) {
        c = geom::clone(g);
        GEOSNormalize_r(geos(), c.get());
        g = c.get();
    }
    const std::vector<unsigned char> w = geom::to_wkb(g);
    return std::string(w.begin(), w.end());
}

// One edition's side of a layer: its areal parts, grouped by code (or shape).
struct Side {
    const load::Layer* layer = nullptr;
    std::vector<GeomPtr> areal;               // per feature: the polygonal part (null when none)
    std::vector<const GEOSGeometry*> view;    // the same, as pointers
    std::map<std::string, std::vector<std::size_t>> by_key;
};

Side side_of(const load::Layer* layer, bool by_code) {
    Side s;
    s.layer = layer;
    if (!layer) return s;
    const auto& fs = layer->features;
    s.areal.resize(fs.size());
    tbb::parallel_for(std::size_t{0}, fs.size(), [&](std::size_t i) {
        if (fs[i].geom) s.areal[i] = geom::polygonal_part(fs[i].geom.get());
    });
    for (std::size_t i = 0; i < fs.size(); ++i) {
        s.view.push_back(s.areal[i].get());
        // Without codes a shape is its own key: the same outline in both editions is the same feature.
        const std::string key = by_code ? fs[i].code : fs[i].geom ? wkb_key(fs[i].geom.get(), true) : "fid:" + std::to_string(fs[i].fid);
        s.by_key[key].push_back(i);
    }
    return s;
}

// The union of the areal parts of features `idx` (null when none is areal).
GeomPtr union_of(const Side& s, const std::vector<std::size_t>& idx) {
    std::vector<GeomPtr> parts;
    for (std::size_t i : idx)
        if (s.view[i]) parts.push_back(geom::clone(s.view[i]));
    if (parts.empty()) return nullptr;
    if (parts.size() == 1) return std::move(parts.front());
    return geom::union_all(std::move(parts));
}

double area(const GEOSGeometry* g, const geom::Ellipsoid& e) { return is_empty(g) ? 0.0 : geom::geodesic_area_m2(g, e); }

// Same shapes: the same geometries (exactly, in any order of the features and of their vertices).
bool same_shapes(const load::Layer& a, const std::vector<std::size_t>& ia, const load::Layer& b, const std::vector<std::size_t>& ib) {
    if (ia.size() != ib.size()) return false;
    auto keys = [](const load::Layer& l, const std::vector<std::size_t>& idx, bool normalized) {
        std::vector<std::string> k;
        for (std::size_t i : idx) k.push_back(l.features[i].geom ? wkb_key(l.features[i].geom.get(), normalized) : std::string());
        std::sort(k.begin(), k.end());
        return k;
    };
    return keys(a, ia, false) == keys(b, ib, false) || keys(a, ia, true) == keys(b, ib, true);
}

std::string joined(const load::Layer& l, const std::vector<std::size_t>& idx, std::string load::Feature::*field) {
    std::set<std::string> v;
    for (std::size_t i : idx) v.insert(l.features[i].*field);
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
    return out;
}

// The pieces of `g` (one side's gain or loss), split by zone; areas added to the zone deltas.
void split_by_zone(const GEOSGeometry* g, bool gained, const std::vector<stats::ZoneFigures>* zones, const Tree& zone_tree,
                   const std::vector<const GEOSGeometry*>& zone_view, const geom::Ellipsoid& e, bool keep, LayerDiff& out) {
    if (is_empty(g)) return;
    // Each polygon on its own: small queries, in parallel.
    std::vector<GeomPtr> polys;
    const int n = GEOSGetNumGeometries_r(geos(), g);
    for (int i = 0; i < n; ++i) polys.push_back(geom::clone(GEOSGetGeometryN_r(geos(), g, i)));
    struct Part {
        std::vector<std::pair<std::size_t, GeomPtr>> in_zone;
        GeomPtr outside;
    };
    std::vector<Part> parts(polys.size());
    tbb::parallel_for(std::size_t{0}, polys.size(), [&](std::size_t i) {
        const GEOSGeometry* p = polys[i].get();
        std::vector<std::size_t> near;
        if (zones) near = query(zone_tree, p);
        bool inside_one = false;
        for (std::size_t z : near) {
            if (GEOSIntersects_r(geos(), p, zone_view[z]) != 1) continue;
            GeomPtr piece;
            if (GEOSContains_r(geos(), zone_view[z], p) == 1) {
                piece = geom::clone(p);
                inside_one = true;
            } else {
                piece = geom::polygonal_part(overlay(p, zone_view[z], Op::intersection).get());
            }
            if (piece && !is_empty(piece.get())) parts[i].in_zone.emplace_back(z, std::move(piece));
        }
        if (inside_one) return;
        GeomPtr rest = minus(p, zone_view, near);
        rest = rest ? geom::polygonal_part(rest.get()) : nullptr;
        if (rest && !is_empty(rest.get())) parts[i].outside = std::move(rest);
    });
    for (auto& part : parts) {
        for (auto& [z, piece] : part.in_zone) {
            const double a = area(piece.get(), e);
            if (a <= 0) continue;  // a boundary the piece only touches
            ZoneDelta& d = out.zones[z];
            (gained ? d.gained_m2 : d.lost_m2) += a;
            out.pieces.push_back({gained, d.id, d.name, a, keep ? std::move(piece) : nullptr});
        }
        if (part.outside) {
            const double a = area(part.outside.get(), e);
            if (a <= 0) continue;
            (gained ? out.outside.gained_m2 : out.outside.lost_m2) += a;
            out.pieces.push_back({gained, "", "", a, keep ? std::move(part.outside) : nullptr});
        }
    }
}

LayerDiff diff_layer(const load::Layer* before, const load::Layer* after, const DiffInput& in, const Tree& zone_tree,
                     const std::vector<const GEOSGeometry*>& zone_view, const DiffOptions& options) {
    const geom::Ellipsoid& e = in.before->ellipsoid;
    const load::Layer& any = before ? *before : *after;
    LayerDiff out;
    out.id = any.spec.id;
    out.title = after ? after->spec.title : before->spec.title;
    out.role = after ? after->spec.role : before->spec.role;
    out.in_old = before != nullptr;
    out.in_new = after != nullptr;
    const bool by_code = (!before || !before->spec.code_field.empty()) && (!after || !after->spec.code_field.empty());
    out.matched_by = by_code ? (before ? before->spec.code_field : after->spec.code_field) : "";
    if (before && after && before->spec.code_field != after->spec.code_field)
        out.notes.push_back(tr("matched by code: '{1}' in the earlier edition, '{2}' in the later one", before->spec.code_field,
                               after->spec.code_field));
    if (!by_code) out.notes.push_back(tr("the layer has no code_field, so features are matched by their shape"));
    out.old_features = before ? before->features.size() : 0;
    out.new_features = after ? after->features.size() : 0;
    if (in.zones)
        for (const auto& z : *in.zones) out.zones.push_back({z.id, z.name, z.group, 0, 0});

    const Side a = side_of(before, by_code), b = side_of(after, by_code);
    std::set<std::string> keys;
    for (const auto& [k, v] : a.by_key) keys.insert(k);
    for (const auto& [k, v] : b.by_key) keys.insert(k);
    static const std::vector<std::size_t> none;
    std::vector<std::string> key_list(keys.begin(), keys.end());
    struct Verdict {
        bool changed = false;
        FeatureChange fc;
    };
    std::vector<Verdict> verdicts(key_list.size());
    // Which codes differ, and how much each gained and lost against its own other version.
    tbb::parallel_for(std::size_t{0}, key_list.size(), [&](std::size_t k) {
        const auto ia_it = a.by_key.find(key_list[k]), ib_it = b.by_key.find(key_list[k]);
        const auto& ia = ia_it == a.by_key.end() ? none : ia_it->second;
        const auto& ib = ib_it == b.by_key.end() ? none : ib_it->second;
        Verdict& v = verdicts[k];
        FeatureChange& fc = v.fc;
        fc.old_parts = ia.size();
        fc.new_parts = ib.size();
        if (!ia.empty()) {
            fc.old_name = joined(*before, ia, &load::Feature::name);
            fc.old_zone = joined(*before, ia, &load::Feature::zone);
        }
        if (!ib.empty()) {
            fc.new_name = joined(*after, ib, &load::Feature::name);
            fc.new_zone = joined(*after, ib, &load::Feature::zone);
        }
        const load::Feature& first = !ib.empty() ? after->features[ib.front()] : before->features[ia.front()];
        fc.code = by_code ? key_list[k] : std::to_string(first.fid);
        if (!ia.empty() && !ib.empty() && same_shapes(*before, ia, *after, ib)) {
            if (fc.old_name == fc.new_name && fc.old_zone == fc.new_zone) return;
            fc.change = Change::attributes;
            v.changed = true;
            const GeomPtr u = union_of(a, ia);
            fc.old_m2 = fc.new_m2 = area(u.get(), e);
            return;
        }
        v.changed = true;
        fc.change = ia.empty() ? Change::added : ib.empty() ? Change::removed : Change::geometry;
        const GeomPtr ua = union_of(a, ia), ub = union_of(b, ib);
        fc.old_m2 = area(ua.get(), e);
        fc.new_m2 = area(ub.get(), e);
        if (ua && ub) {
            fc.gained_m2 = area(overlay(ub.get(), ua.get(), Op::difference).get(), e);
            fc.lost_m2 = area(overlay(ua.get(), ub.get(), Op::difference).get(), e);
        } else {
            fc.gained_m2 = fc.new_m2;
            fc.lost_m2 = fc.old_m2;
        }
    });
    std::vector<std::size_t> cand_new, cand_old;  // features whose area may have come or gone
    for (std::size_t k = 0; k < key_list.size(); ++k) {
        Verdict& v = verdicts[k];
        if (!v.changed) {
            ++out.unchanged;
            continue;
        }
        ++out.counts[v.fc.change];
        if (v.fc.change != Change::attributes) {
            if (auto it = a.by_key.find(key_list[k]); it != a.by_key.end()) cand_old.insert(cand_old.end(), it->second.begin(), it->second.end());
            if (auto it = b.by_key.find(key_list[k]); it != b.by_key.end()) cand_new.insert(cand_new.end(), it->second.begin(), it->second.end());
        }
        out.features.push_back(std::move(v.fc));
    }
    out.areal = std::any_of(a.view.begin(), a.view.end(), [](auto* g) { return g; }) ||
                std::any_of(b.view.begin(), b.view.end(), [](auto* g) { return g; });
    if (!out.areal) {
        out.notes.push_back(tr("the layer has no areas (points or lines), so only its features are compared"));
        return out;
    }
    // The layer's gain: what its changed features cover now that no feature of the earlier edition covered
    // (and the loss the reverse), each feature against its neighbours only; then the pieces of all features
    // in one union, so that the layer's own overlaps count once.
    auto change_of = [](const Side& from, const std::vector<std::size_t>& cand, const Side& other) -> GeomPtr {
        const Tree other_tree = tree_of(other.view);
        std::vector<GeomPtr> pieces(cand.size());
        tbb::parallel_for(std::size_t{0}, cand.size(), [&](std::size_t k) {
            const GEOSGeometry* f = from.view[cand[k]];
            if (!f) return;
            GeomPtr d = minus(f, other.view, query(other_tree, f));
            d = d ? geom::polygonal_part(d.get()) : nullptr;
            if (d && !is_empty(d.get())) pieces[k] = std::move(d);
        });
        std::vector<GeomPtr> kept;
        for (auto& p : pieces)
            if (p) kept.push_back(std::move(p));
        if (kept.empty()) return nullptr;
        GeomPtr u = kept.size() == 1 ? std::move(kept.front()) : geom::union_all(std::move(kept));
        return u ? geom::polygonal_part(u.get()) : nullptr;
    };
    const GeomPtr gained = change_of(b, cand_new, a), lost = change_of(a, cand_old, b);
    out.gained_m2 = area(gained.get(), e);
    out.lost_m2 = area(lost.get(), e);
    split_by_zone(gained.get(), true, in.zones, zone_tree, zone_view, e, options.keep_pieces, out);
    split_by_zone(lost.get(), false, in.zones, zone_tree, zone_view, e, options.keep_pieces, out);
    if (in.zones && (out.outside.gained_m2 > 1 || out.outside.lost_m2 > 1))
        out.notes.push_back(tr("part of the change lies outside every zone (see the row 'outside')"));
    if (in.grouped) {
        std::map<std::string, std::size_t> pos;
        for (const auto& z : out.zones) {
            auto [it, inserted] = pos.try_emplace(z.group, out.groups.size());
            if (inserted) out.groups.push_back({z.group, z.group, z.group, 0, 0});
            out.groups[it->second].gained_m2 += z.gained_m2;
            out.groups[it->second].lost_m2 += z.lost_m2;
        }
    }
    return out;
}

}  // namespace

std::string_view change_name(Change c) {
    switch (c) {
        case Change::added: return "added";
        case Change::removed: return "removed";
        case Change::geometry: return "geometry";
        case Change::attributes: return "attributes";
    }
    return "";
}

std::string_view change_label(Change c) {
    switch (c) {
        case Change::added: return "新增";
        case Change::removed: return "删除";
        case Change::geometry: return "范围调整";
        case Change::attributes: return "属性变更";
    }
    return "";
}

DiffResult diff_editions(const DiffInput& in, const DiffOptions& options, Diagnostics& diagnostics) {
    (void)diagnostics;
    if (in.before->working_crs != in.after->working_crs) {
        throw std::logic_error("diff_editions: the editions are loaded in different working CRSs (" + in.before->working_crs_label +
                               ", " + in.after->working_crs_label + ")");
    }
    std::vector<const GEOSGeometry*> zone_view;
    if (in.zones)
        for (const auto& z : *in.zones) zone_view.push_back(z.geom.get());
    const Tree zone_tree = tree_of(zone_view);
    std::vector<std::pair<const load::Layer*, const load::Layer*>> pairs;
    for (const auto& l : in.before->layers) pairs.emplace_back(&l, in.after->find(l.spec.id));
    for (const auto& l : in.after->layers)
        if (!in.before->find(l.spec.id)) pairs.emplace_back(nullptr, &l);
    DiffResult result;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        result.layers.push_back(diff_layer(pairs[i].first, pairs[i].second, in, zone_tree, zone_view, options));
        if (options.progress) options.progress(i + 1, pairs.size());
    }
    return result;
}

std::string_view SiteChange::kind() const {
    if (new_verdict > old_verdict) return "stricter";
    if (new_verdict < old_verdict) return "looser";
    return "reasons";
}

std::vector<SiteChange> compare_screenings(const screen::ScreeningResult& before, const screen::ScreeningResult& after) {
    std::vector<SiteChange> out;
    const std::size_t n = std::min(before.sites.size(), after.sites.size());
    using Key = std::tuple<std::string, std::string, std::string, int>;
    auto keys = [](const screen::SiteResult& r) {
        std::set<Key> k;
        for (const auto& reason : r.reasons) k.insert({reason.rule, reason.layer_id, reason.feature_code, static_cast<int>(reason.verdict)});
        return k;
    };
    for (std::size_t i = 0; i < n; ++i) {
        const screen::SiteResult& a = before.sites[i];
        const screen::SiteResult& b = after.sites[i];
        if (a.verdict == b.verdict && a.screened == b.screened && keys(a) == keys(b)) continue;
        SiteChange c;
        c.site = i;
        c.old_verdict = a.verdict;
        c.new_verdict = b.verdict;
        c.old_screened = a.screened;
        c.new_screened = b.screened;
        for (const auto& r : a.reasons) c.old_reasons.push_back(&r);
        for (const auto& r : b.reasons) c.new_reasons.push_back(&r);
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace ecozone::diff
