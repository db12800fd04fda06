package dev.trellis.activities.tools;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

/**
 * The MCP SDK's schema check (tool output against the tool's {@code outputSchema}) on the same
 * validator as tool arguments. The SDK's default is built on json-schema-validator 2.x, which this
 * module cannot use alongside the 1.x it is built on: without this, building an MCP client fails
 * with {@code NoClassDefFoundError}. It also keeps remote {@code $ref}s refused for MCP schemas.
 */
public class McpSchemaValidator implements JsonSchemaValidator {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ArgumentValidator validator;

	public McpSchemaValidator(ArgumentValidator validator) {
		this.validator = validator;
	}

	@Override
	public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
		JsonNode value = JSON.valueToTree(structuredContent);
		List<String> problems = validator.validateValue(JSON.valueToTree(schema), value);
		return problems.isEmpty() ? ValidationResponse.asValid(value.toString())
				: ValidationResponse.asInvalid("the output does not match the tool's outputSchema: "
						+ String.join(", ", problems));
	}

}
