package dev.trellis.gateway.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/registry/{kind}}. Unknown fields are refused here whatever the global
 * Jackson setting, so a typo such as {@code "descripton"} is a 400, not silently dropped.
 *
 * <pre>{@code
 * {"name": "researcher", "description": "v2 with search", "spec": {"model": {"name": "gpt", "version": "latest"}, ...}}
 * }</pre>
 *
 * @param name the entity name
 * @param spec the spec, validated per kind by the registry
 * @param description optional free text
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record SaveRequest(String name, JsonNode spec, String description) {
}
