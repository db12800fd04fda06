package dev.trellis.activities.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.workflows.api.FailureTypes;
import io.temporal.failure.ApplicationFailure;

/**
 * {@code builtin:write_file}: writes a UTF-8 text file inside the {@link Workspace}, creating
 * directories as needed. Writing replaces the file, so a retried call leaves the same result.
 *
 * <pre>{@code {"path": "out/report.md", "content": "# Report"} -> {"path": "out/report.md", "bytes": 8}}</pre>
 */
public class WriteFileTool implements BuiltinTool {

	private final Workspace workspace;

	private final long maxBytes;

	public WriteFileTool(Workspace workspace, long maxBytes) {
		this.workspace = workspace;
		this.maxBytes = maxBytes;
	}

	@Override
	public String id() {
		return "write_file";
	}

	@Override
	public JsonNode run(JsonNode arguments, Duration timeout) {
		Path file = workspace.resolve(arguments.path("path").asText(""));
		byte[] content = arguments.path("content").asText("").getBytes(StandardCharsets.UTF_8);
		if (content.length > maxBytes) {
			throw new ToolRefusal("FileTooLarge", "content has " + content.length + " bytes; the limit is " + maxBytes);
		}
		if (Files.isDirectory(file)) {
			throw new ToolRefusal("InvalidPath", "'" + workspace.display(file) + "' is a directory");
		}
		try {
			Files.createDirectories(file.getParent());
			// Check again after creating directories: a link planted meanwhile must not be followed.
			workspace.resolve(workspace.display(file));
			Files.write(file, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
					StandardOpenOption.WRITE);
			return JsonNodeFactory.instance.objectNode().put("path", workspace.display(file)).put("bytes", content.length);
		}
		catch (IOException e) {
			throw ApplicationFailure.newFailure("writing '" + workspace.display(file) + "' failed: "
					+ e.getClass().getSimpleName(), FailureTypes.TOOL_FAILED);
		}
	}

}
