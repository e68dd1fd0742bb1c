package dev.tailor.shared.redis;

import java.util.List;

/**
 * One call of a Lua script: its {@code KEYS} and {@code ARGV}, in the order the script's header names them. Each
 * script has a record of its own beside its caller that implements this, with a named field per slot and, in its
 * constructor, the checks the script makes again (the script is the second line of defence against hostile values,
 * the record the first): a value the script would refuse fails with a {@link ScriptArgumentException} before Redis
 * is asked.
 */
public interface ScriptCall {

    List<String> keys();

    List<String> args();
}
