package dev.trellis.activities.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file tools stay inside their workspace: no absolute paths, no {@code ..}, no symbolic link out. */
class WorkspaceTest {

	@TempDir
	Path dir;

	private static JsonNode args(String json) throws Exception {
		return new ObjectMapper().readTree(json);
	}

	@Test
	void writesAndReadsInsideTheWorkspace() throws Exception {
		Workspace ws = new Workspace(dir.resolve("ws"));
		new WriteFileTool(ws, 1000).run(args("{\"path\": \"notes/a.txt\", \"content\": \"hello\"}"), Duration.ofSeconds(1));
		JsonNode read = new ReadFileTool(ws, 1000).run(args("{\"path\": \"notes/a.txt\"}"), Duration.ofSeconds(1));
		assertThat(read.path("content").asText()).isEqualTo("hello");
		assertThat(Files.readString(dir.resolve("ws/notes/a.txt"))).isEqualTo("hello");
	}

	@Test
	void refusesAbsolutePathsAndClimbingOut() {
		Workspace ws = new Workspace(dir.resolve("ws"));
		assertThatThrownBy(() -> ws.resolve("/etc/passwd")).isInstanceOf(ToolRefusal.class).hasMessageContaining("absolute");
		assertThatThrownBy(() -> ws.resolve("../outside.txt")).hasMessageContaining("..");
		assertThatThrownBy(() -> ws.resolve("a/../../outside.txt")).hasMessageContaining("..");
		assertThatThrownBy(() -> ws.resolve("")).hasMessageContaining("empty");
	}

	@Test
	void refusesToFollowASymbolicLinkOutOfTheWorkspace() throws Exception {
		Path outside = Files.createDirectories(dir.resolve("outside"));
		Files.writeString(outside.resolve("secret.txt"), "top secret");
		Workspace ws = new Workspace(dir.resolve("ws"));
		Files.createSymbolicLink(ws.root().resolve("link"), outside);
		Files.createSymbolicLink(ws.root().resolve("file-link"), outside.resolve("secret.txt"));

		assertThatThrownBy(() -> new ReadFileTool(ws, 1000).run(args("{\"path\": \"link/secret.txt\"}"), Duration.ofSeconds(1)))
			.isInstanceOf(ToolRefusal.class).hasMessageContaining("symbolic link");
		assertThatThrownBy(() -> new ReadFileTool(ws, 1000).run(args("{\"path\": \"file-link\"}"), Duration.ofSeconds(1)))
			.hasMessageContaining("symbolic link");
		assertThatThrownBy(() -> new WriteFileTool(ws, 1000).run(args("{\"path\": \"link/new.txt\", \"content\": \"x\"}"),
				Duration.ofSeconds(1))).hasMessageContaining("symbolic link");
		assertThat(outside.resolve("new.txt")).doesNotExist();
	}

	@Test
	void enforcesSizeLimits() throws Exception {
		Workspace ws = new Workspace(dir.resolve("ws"));
		assertThatThrownBy(() -> new WriteFileTool(ws, 3).run(args("{\"path\": \"a\", \"content\": \"toolong\"}"),
				Duration.ofSeconds(1))).hasMessageContaining("limit is 3");
	}

}
