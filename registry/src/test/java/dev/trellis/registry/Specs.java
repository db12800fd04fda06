package dev.trellis.registry;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Spec literals for tests, written as JSON with single quotes for readability. */
final class Specs {

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private Specs() {
	}

	/** Parses {@code json} after turning single quotes into double quotes. */
	static JsonNode json(String json) {
		try {
			return MAPPER.readTree(json.replace('\'', '"'));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static JsonNode model(String model, double temperature) {
		return json("{'provider':'openai','model':'" + model + "','temperature':" + temperature + "}");
	}

	static JsonNode prompt(String template) {
		return json("{'template':'" + template + "'}");
	}

	/** An agent whose references are given as JSON fragments, e.g. {@code {'name':'m','version':'latest'}}. */
	static JsonNode agent(String modelRef, String promptRef, String toolRefs) {
		return json("{'model':" + modelRef + ",'systemPrompt':" + promptRef + ",'tools':[" + toolRefs + "]}");
	}

	static String ref(String name, Object version) {
		return "{'name':'" + name + "','version':" + (version instanceof String ? "'" + version + "'" : version) + "}";
	}

	static JsonNode tool(String builtin) {
		return json("{'description':'d','permission':'read','implementation':'builtin:" + builtin
				+ "','parameters':{'type':'object','properties':{'x':{'type':'string'}}}}");
	}

	/** A pipeline of one agent node. */
	static JsonNode agentPipeline(String agentRef) {
		return json("{'nodes':[{'id':'a','type':'agent','agent':" + agentRef + ",'prompt':'hi'}],'edges':[]}");
	}

}
