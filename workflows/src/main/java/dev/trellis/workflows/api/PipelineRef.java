package dev.trellis.workflows.api;

/** A pipeline at an exact version. */
public record PipelineRef(String name, int version) {

	@Override
	public String toString() {
		return name + " v" + version;
	}

}
