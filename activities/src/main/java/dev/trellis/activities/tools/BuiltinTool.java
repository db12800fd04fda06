package dev.trellis.activities.tools;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool that ships with Trellis, named in entities as {@code builtin:<id>}. Arguments arrive
 * already validated against the tool entity's JSON schema.
 *
 * <pre>{@code
 * JsonNode fourteen = calculator.run(json("{\"expression\": \"2+3*4\"}"), Duration.ofSeconds(30));
 * }</pre>
 */
public interface BuiltinTool {

	String id();

	/**
	 * @param timeout the time the call may take (the tool entity's timeout)
	 * @throws ToolRefusal for a call the model can correct
	 */
	JsonNode run(JsonNode arguments, Duration timeout);

}
