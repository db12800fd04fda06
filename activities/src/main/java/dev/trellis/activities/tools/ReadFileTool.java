package dev.trellis.activities.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.workflows.api.FailureTypes;
import io.temporal.failure.ApplicationFailure;

/**
 * {@code builtin:read_file}: reads a UTF-8 text file inside the {@link Workspace}.
 *
 * <pre>{@code {"path": "notes/today.md"} -> {"path": "notes/today.md", "content": "...", "bytes": 120}}</pre>
 */
public class ReadFileTool implements BuiltinTool {

	private final Workspace workspace;

	private final long maxBytes;

	public ReadFileTool(Workspace workspace, long maxBytes) {
		this.workspace = workspace;
		this.maxBytes = maxBytes;
	}

	@Override
	public String id() {
		return "read_file";
	}

	@Override
	public JsonNode run(JsonNode arguments, Duration timeout) {
		Path file = workspace.resolve(arguments.path("path").asText(""));
		if (!Files.isRegularFile(file)) {
			throw new ToolRefusal("FileNotFound", "no file at '" + workspace.display(file) + "'");
		}
		try {
			long size = Files.size(file);
			if (size > maxBytes) {
				throw new ToolRefusal("FileTooLarge", "'" + workspace.display(file) + "' has " + size
						+ " bytes; the limit is " + maxBytes);
			}
			return JsonNodeFactory.instance.objectNode()
				.put("path", workspace.display(file))
				.put("content", Files.readString(file, StandardCharsets.UTF_8))
				.put("bytes", size);
		}
		catch (java.nio.charset.MalformedInputException e) {
			throw new ToolRefusal("NotText", "'" + workspace.display(file) + "' is not UTF-8 text");
		}
		catch (IOException e) {
			throw ApplicationFailure.newFailure("reading '" + workspace.display(file) + "' failed: "
					+ e.getClass().getSimpleName(), FailureTypes.TOOL_FAILED);
		}
	}

}
