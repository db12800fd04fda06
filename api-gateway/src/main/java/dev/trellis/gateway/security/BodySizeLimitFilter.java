package dev.trellis.gateway.security;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 413 to bodies over {@code trellis.security.max-body-size}: at once when the declared
 * {@code Content-Length} is over, and after reading at most the limit plus one byte when the body is
 * chunked (which is then handed on from memory).
 */
final class BodySizeLimitFilter extends OncePerRequestFilter {

	private final int max;

	private final String readableMax;

	private final ProblemResponses problems;

	BodySizeLimitFilter(DataSize max, ProblemResponses problems) {
		this.max = (int) Math.min(max.toBytes(), Integer.MAX_VALUE - 1);
		this.readableMax = readable(max);
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long declared = request.getContentLengthLong();
		if (declared > max) {
			reject(response);
			return;
		}
		if (declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
			byte[] body = request.getInputStream().readNBytes(max + 1);
			if (body.length > max) {
				reject(response);
				return;
			}
			chain.doFilter(new BufferedBody(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private void reject(HttpServletResponse response) throws IOException {
		// The unread rest is not drained: the container closes the connection when it is large.
		response.setHeader(HttpHeaders.CONNECTION, "close");
		problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large",
				"The request body exceeds the limit of " + readableMax, null);
	}

	private static String readable(DataSize size) {
		long bytes = size.toBytes();
		if (bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + "MB";
		}
		return bytes % 1024 == 0 ? (bytes / 1024) + "KB" : bytes + " bytes";
	}

	/** A request whose body was read into memory while checking its size. */
	private static final class BufferedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public int getContentLength() {
			return body.length;
		}

		@Override
		public long getContentLengthLong() {
			return body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(body);
			return new ServletInputStream() {
				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new IllegalStateException("The body was already read into memory");
				}
			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

}
