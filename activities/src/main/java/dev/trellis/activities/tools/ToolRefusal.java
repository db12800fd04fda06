package dev.trellis.activities.tools;

/**
 * A tool declines a call the model can correct (bad arguments, a path outside the workspace, a
 * blocked host, a tool that is not configured). It becomes a {@code ToolResult} error with this
 * type and message, which the agent passes back to the model; the node does not fail.
 */
public class ToolRefusal extends RuntimeException {

	private final String type;

	public ToolRefusal(String type, String message) {
		super(message);
		this.type = type;
	}

	public String type() {
		return type;
	}

}
