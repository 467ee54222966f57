package dev.quarry.parse;

import java.math.BigDecimal;

/**
 * Reads number literals without ever paying for their size. Before any {@link BigDecimal} is
 * built, the literal's digit count and the magnitude it stands for are judged from the text
 * alone (the exponent is read with saturation, so {@code 1e2147483648} or {@code 1e-99999999999}
 * cost nothing). A literal with more than {@value #MAX_DIGITS} digits, or whose value lies
 * beyond 10^{@value #MAX_MAGNITUDE} (or, unless zero, below 10^-{@value #MAX_MAGNITUDE}), is out
 * of range: no field of a Java record holds it usefully, and building it would take time and
 * memory out of all proportion to the text. Within range, every conversion (to
 * {@code BigDecimal}, and to an exact {@code BigInteger}) costs at most a few thousand digits.
 */
final class Numbers {
  /** Jackson's own default ceiling on the length of a number (StreamReadConstraints). */
  static final int MAX_DIGITS = 1000;
  /** The largest decimal exponent of a value read: 10^1000 is far beyond double and long. */
  static final int MAX_MAGNITUDE = 1000;

  private Numbers() {}

  /** Thrown while building a JSON tree from a value that holds an out-of-range number. */
  static final class OutOfRange extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String pointer;

    OutOfRange(String pointer, String message) {
      super(message, null, false, false);
      this.pointer = pointer;
    }

    OutOfRange under(String segment) {
      return new OutOfRange(segment + pointer, getMessage());
    }
  }

  /**
   * Why the literal cannot be read as a number, or {@code null} when it can. The literal is in
   * the reader's normalised form: {@code -?digits(.digits)?([eE][-+]?digits)?}.
   */
  static String outOfRange(String lit) {
    int n = lit.length();
    int p = 0;
    if (p < n && (lit.charAt(p) == '-' || lit.charAt(p) == '+')) {
      p++;
    }
    int digits = 0;
    int leadingZeros = 0; // zeros before the first significant digit
    boolean significant = false;
    int intDigits = 0; // significant digits before the point
    boolean dot = false;
    int fracZerosBefore = 0; // zeros after the point before the first significant digit
    for (; p < n; p++) {
      char c = lit.charAt(p);
      if (c == '.') {
        dot = true;
        continue;
      }
      if (c < '0' || c > '9') {
        break;
      }
      digits++;
      if (c != '0') {
        significant = true;
      }
      if (!significant) {
        leadingZeros++;
        if (dot) {
          fracZerosBefore++;
        }
      } else if (!dot) {
        intDigits++;
      }
    }
    if (digits > MAX_DIGITS) {
      return describe(lit) + " is out of range: it has " + digits + " digits and at most "
          + MAX_DIGITS + " are read; answer with a shorter number";
    }
    long exp = 0;
    if (p < n && (lit.charAt(p) == 'e' || lit.charAt(p) == 'E')) {
      p++;
      boolean negative = false;
      if (p < n && (lit.charAt(p) == '-' || lit.charAt(p) == '+')) {
        negative = lit.charAt(p) == '-';
        p++;
      }
      for (; p < n; p++) {
        char c = lit.charAt(p);
        if (c < '0' || c > '9') {
          break;
        }
        if (exp < 1_000_000_000_000L) {
          exp = exp * 10 + (c - '0'); // saturates: any exponent this large is out of range
        }
      }
      if (negative) {
        exp = -exp;
      }
    }
    if (!significant) {
      return null; // zero, whatever its exponent
    }
    // the decimal exponent of the leading digit: 123 -> 2, 0.05 -> -2
    long magnitude = intDigits > 0 ? intDigits - 1 + exp : -(fracZerosBefore + 1) + exp;
    if (magnitude > MAX_MAGNITUDE) {
      return describe(lit) + " is out of range: numbers are read up to 10^" + MAX_MAGNITUDE
          + "; answer with a number that fits the field";
    }
    if (magnitude < -MAX_MAGNITUDE) {
      return describe(lit) + " is out of range: numbers other than 0 are read down to 10^-"
          + MAX_MAGNITUDE + "; answer with 0 or a number that fits the field";
    }
    return null;
  }

  /**
   * The literal as a {@code BigDecimal}: zero for any zero (whatever its exponent).
   *
   * @throws OutOfRange when {@link #outOfRange} has a reason
   */
  static BigDecimal parse(String lit) {
    String why = outOfRange(lit);
    if (why != null) {
      throw new OutOfRange("", why);
    }
    try {
      return new BigDecimal(lit.startsWith("+") ? lit.substring(1) : lit);
    } catch (NumberFormatException e) {
      // zero with an exponent beyond int (0e9999999999) or a literal the reader did not
      // normalise: only a zero gets here with a well-formed literal
      if (isZero(lit)) {
        return BigDecimal.ZERO;
      }
      throw new OutOfRange("", describe(lit) + " is not a number that can be read");
    }
  }

  /** Like {@link #parse}, but {@code null} instead of throwing. */
  static BigDecimal parseOrNull(String lit) {
    try {
      return parse(lit);
    } catch (OutOfRange e) {
      return null;
    }
  }

  private static boolean isZero(String lit) {
    for (int i = 0; i < lit.length(); i++) {
      char c = lit.charAt(i);
      if (c == 'e' || c == 'E') {
        break;
      }
      if (c >= '1' && c <= '9') {
        return false;
      }
    }
    return true;
  }

  /** The literal as quoted in a message: long ones shortened. */
  static String describe(String lit) {
    if (lit.length() <= 40) {
      return lit;
    }
    return lit.substring(0, 20) + "..." + lit.substring(lit.length() - 10)
        + " (" + lit.length() + " characters)";
  }
}
