package dev.trellis.activities.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The directory the file tools are confined to. A path from the model must be relative, must not
 * contain {@code ..}, and must stay inside the workspace once every symbolic link on the way is
 * resolved: the real path of the file (or, for a new file, of its nearest existing ancestor) is
 * compared with the real path of the root.
 */
public class Workspace {

	private final Path root;

	public Workspace(Path root) {
		try {
			this.root = Files.createDirectories(root.toAbsolutePath().normalize()).toRealPath();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot create the tool workspace " + root, e);
		}
	}

	public Path root() {
		return root;
	}

	/** The file a relative path names, checked to lie inside the workspace. */
	public Path resolve(String relative) {
		if (relative == null || relative.isBlank()) {
			throw new ToolRefusal("InvalidPath", "path is empty");
		}
		if (relative.indexOf('\0') >= 0) {
			throw new ToolRefusal("InvalidPath", "path contains a NUL character");
		}
		Path given = Path.of(relative);
		if (given.isAbsolute() || relative.startsWith("/") || relative.startsWith("\\") || relative.matches("^[A-Za-z]:.*")) {
			throw new ToolRefusal("PathOutsideWorkspace", "path '" + relative + "' is absolute; use a path relative to the workspace");
		}
		for (Path part : given) {
			if (part.toString().equals("..")) {
				throw new ToolRefusal("PathOutsideWorkspace", "path '" + relative + "' climbs out with '..'");
			}
		}
		Path target = root.resolve(given).normalize();
		if (!target.startsWith(root)) {
			throw new ToolRefusal("PathOutsideWorkspace", "path '" + relative + "' is outside the workspace");
		}
		Path existing = target;
		while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
			existing = existing.getParent();
		}
		try {
			Path real = existing == null ? root : existing.toRealPath();
			if (!real.startsWith(root)) {
				throw new ToolRefusal("PathOutsideWorkspace",
						"path '" + relative + "' leads outside the workspace through a symbolic link");
			}
		}
		catch (IOException e) {
			// A dangling symbolic link: its target does not exist, so where it points cannot be trusted.
			throw new ToolRefusal("PathOutsideWorkspace", "path '" + relative + "' goes through a broken symbolic link");
		}
		return target;
	}

	/** The path as the model should see it: relative to the workspace. */
	public String display(Path file) {
		return root.relativize(file).toString();
	}

}
