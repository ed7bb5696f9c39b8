/** The words an on/off setting takes (any case); anything else is neither, never "off". */
export const ON = ["1", "true", "yes", "on"];
export const OFF = ["0", "false", "no", "off"];
