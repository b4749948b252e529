// The OpenAPI 3.0 document of the server (/api): every path, its parameters and responses.

#include "serve/api.hpp"

namespace ecozone::serve {

using json = nlohmann::ordered_json;

std::string base_url(const Request& r);

namespace {

json param(const char* name, const char* in, const char* description, json schema, bool required = false) {
    return {{"name", name}, {"in", in}, {"description", description}, {"required", required}, {"schema", schema}};
}

json responses(const char* ok, const char* type = "application/json") {
    json problem{{"description", "A problem document (RFC 7807) in the words the command line uses"},
                 {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
    return {{"200", {{"description", ok}, {"content", {{type, json::object()}}}}},
            {"400", problem},
            {"401", problem},
            {"404", problem}};
}

json op(const char* summary, const char* id, json params, json resp, const char* tag) {
    json o{{"summary", summary}, {"operationId", id}, {"tags", {tag}}, {"responses", resp}};
    if (!params.empty()) o["parameters"] = params;
    return o;
}

}  // namespace

Response Api::openapi(const Request& r, const Edition& e) const {
    const json f = param("f", "query", "json or html", {{"type", "string"}, {"enum", {"json", "html"}}});
    const json collection_id = param("collectionId", "path", "a layer id of the catalog", {{"type", "string"}}, true);
    json paths;
    paths["/"]["get"] = op("Landing page (the screening page for browsers, JSON with f=json)", "getLandingPage", {f},
                           responses("The landing page"), "Capabilities");
    paths["/conformance"]["get"] = op("Conformance classes", "getConformance", {}, responses("The classes"), "Capabilities");
    paths["/api"]["get"] = op("This document", "getApi", {}, responses("OpenAPI 3.0", "application/vnd.oai.openapi+json;version=3.0"),
                              "Capabilities");
    paths["/collections"]["get"] = op("The zoning layers", "getCollections", {}, responses("One collection per catalog layer"), "Data");
    paths["/collections/{collectionId}"]["get"] = op("One zoning layer", "describeCollection", {collection_id},
                                                     responses("Id, title, role, extent, CRS"), "Data");
    paths["/collections/{collectionId}/items"]["get"] = op(
        "The layer's features (GeoJSON, longitude/latitude)", "getFeatures",
        {collection_id,
         param("bbox", "query", "west,south,east,north in degrees", {{"type", "array"}, {"items", {{"type", "number"}}}, {"minItems", 4}, {"maxItems", 4}}),
         param("limit", "query", "features per page", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}, {"default", 100}}),
         param("offset", "query", "features to skip (the next link sets it)", {{"type", "integer"}, {"minimum", 0}, {"default", 0}})},
        responses("A FeatureCollection with numberMatched, numberReturned and next/prev links", "application/geo+json"), "Data");
    paths["/collections/{collectionId}/items/{featureId}"]["get"] = op(
        "One feature", "getFeature",
        {collection_id, param("featureId", "path", "the feature's id (its FID in the source)", {{"type", "integer"}}, true)},
        responses("A Feature", "application/geo+json"), "Data");
    paths["/processes"]["get"] = op("The processes: screen", "getProcesses", {}, responses("The process list"), "Processes");
    paths["/processes/screen"]["get"] = op("The screening process: its inputs and outputs", "getProcessDescription", {},
                                           responses("The process description"), "Processes");
    json exec_resp = responses("The screening (synchronous execution)");
    exec_resp["201"] = {{"description", "A job was created (Prefer: respond-async, or a large batch); Location names it"}};
    exec_resp["413"] = exec_resp["400"];
    exec_resp["415"] = exec_resp["400"];
    exec_resp["422"] = exec_resp["400"];
    exec_resp["429"] = exec_resp["400"];
    json exec = op("Screen sites", "execute",
                   {param("Prefer", "header", "respond-async: run as a job", {{"type", "string"}}),
                    param("filename", "query", "with a raw site file as the body: its name (says its format)", {{"type", "string"}}),
                    param("buffer_m", "query", "with a raw site file: footprint radius of points (m)", {{"type", "number"}})},
                   exec_resp, "Processes");
    exec["requestBody"] = {
        {"required", true},
        {"content",
         {{"application/json",
           {{"schema", {{"$ref", "#/components/schemas/Execute"}}},
            {"example", {{"inputs", {{"sites", {{"type", "Point"}, {"coordinates", {104.62, 30.12}}}}, {"buffer_m", 200}, {"category", "化工"}}}}}}},
          {"text/csv", json::object()},
          {"application/geo+json", json::object()},
          {"application/vnd.google-earth.kml+xml", json::object()},
          {"application/zip", json::object()},
          {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", json::object()},
          {"text/plain", {{"schema", {{"type", "string"}, {"description", "勘测定界界址点 TXT"}}}}}}}};
    paths["/processes/screen/execution"]["post"] = exec;
    const json job_id = param("jobId", "path", "the job's id", {{"type", "string"}}, true);
    paths["/jobs"]["get"] = op("Screening jobs and kept results", "getJobs", {}, responses("The job list"), "Processes");
    paths["/jobs/{jobId}"]["get"] = op("A job's status and progress", "getStatus", {job_id}, responses("The status"), "Processes");
    paths["/jobs/{jobId}"]["delete"] = op("Dismiss a job (a running one stops; results go)", "dismiss", {job_id},
                                          responses("The dismissed job"), "Processes");
    paths["/jobs/{jobId}/results"]["get"] = op(
        "A job's results, in any format the command line writes", "getResult",
        {job_id, param("f", "query", "the format", {{"type", "string"}, {"enum", {"json", "csv", "xlsx", "gpkg", "html", "pdf", "kml"}}, {"default", "json"}})},
        responses("The results"), "Processes");
    paths["/tiles/{z}/{x}/{y}.png"]["get"] = op(
        "Map tiles (XYZ, Web Mercator, 256 px) drawn with the map style", "getTile",
        {param("z", "path", "zoom, 0 to 20", {{"type", "integer"}}, true), param("x", "path", "column", {{"type", "integer"}}, true),
         param("y", "path", "row", {{"type", "integer"}}, true),
         param("access_token", "query", "the token, for clients that cannot send a header", {{"type", "string"}})},
        responses("A PNG image", "image/png"), "Maps");
    paths["/admin/reload"]["post"] = op("Load the catalog and its data again and swap the new edition in", "reload", {},
                                        responses("The new edition"), "Admin");
    json schemas;
    schemas["Problem"] = {{"type", "object"},
                          {"properties",
                           {{"type", {{"type", "string"}}},
                            {"title", {{"type", "string"}}},
                            {"status", {{"type", "integer"}}},
                            {"detail", {{"type", "string"}}},
                            {"hint", {{"type", "string"}}}}}};
    schemas["Execute"] = {
        {"type", "object"},
        {"required", {"inputs"}},
        {"properties",
         {{"inputs",
           {{"type", "object"},
            {"properties",
             {{"sites", {{"type", "object"}, {"description", "GeoJSON geometry, Feature or FeatureCollection"}}},
              {"file", {{"type", "object"}, {"properties", {{"name", {{"type", "string"}}}, {"content", {{"type", "string"}}}, {"encoding", {{"type", "string"}}}}}}},
              {"buffer_m", {{"type", "number"}}},
              {"search_m", {{"type", "number"}}},
              {"coords", {{"type", "string"}, {"enum", {"gcj02", "bd09"}}}},
              {"category", {{"type", "string"}}},
              {"name", {{"type", "string"}}},
              {"crs", {{"type", "string"}}},
              {"layer", {{"type", "string"}}}}}}}}}};
    json doc{{"openapi", "3.0.3"},
             {"info",
              {{"title", "ecozone — " + e.catalog.name},
               {"version", "1.0.0"},
               {"description", "OGC API – Features for the zoning layers, OGC API – Processes for screening project sites, "
                               "and XYZ map tiles. With a token, send  Authorization: Bearer <token>."}}},
             {"servers", {{{"url", base_url(r)}}}},
             {"paths", paths},
             {"components",
              {{"schemas", schemas},
               {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
    if (!m_config.token.empty()) doc["security"] = {{{"bearer", json::array()}}};
    return Response::json(doc, 200, "application/vnd.oai.openapi+json;version=3.0");
}

}  // namespace ecozone::serve
