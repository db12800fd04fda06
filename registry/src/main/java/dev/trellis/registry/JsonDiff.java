package dev.trellis.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Computes {@link Change}s between two JSON trees. Objects are compared key by key, arrays element by
 * element by index (a shorter array yields removes at its tail, a longer one adds), anything else by
 * value. Equal subtrees produce nothing.
 */
final class JsonDiff {

	private JsonDiff() {
	}

	/** The changes turning {@code from} into {@code to}; paths start at {@code root}. */
	static List<Change> diff(String root, JsonNode from, JsonNode to) {
		List<Change> changes = new ArrayList<>();
		walk(root, from, to, changes);
		return changes;
	}

	private static void walk(String path, JsonNode from, JsonNode to, List<Change> out) {
		if (from.equals(to)) {
			return;
		}
		if (from.isObject() && to.isObject()) {
			TreeSet<String> keys = new TreeSet<>();
			from.fieldNames().forEachRemaining(keys::add);
			to.fieldNames().forEachRemaining(keys::add);
			for (String key : keys) {
				String child = path.isEmpty() ? key : path + "." + key;
				compare(child, from.get(key), to.get(key), out);
			}
		}
		else if (from.isArray() && to.isArray()) {
			for (int i = 0; i < Math.max(from.size(), to.size()); i++) {
				compare(path + "[" + i + "]", from.get(i), to.get(i), out);
			}
		}
		else {
			out.add(new Change(path, Change.REPLACE, from, to));
		}
	}

	private static void compare(String path, JsonNode from, JsonNode to, List<Change> out) {
		if (from == null) {
			out.add(new Change(path, Change.ADD, null, to));
		}
		else if (to == null) {
			out.add(new Change(path, Change.REMOVE, from, null));
		}
		else {
			walk(path, from, to, out);
		}
	}

}
