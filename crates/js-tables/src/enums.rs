//! `lib/enums.js` and `lib/enums.d.ts` from `coherent_schema::enums`: each enum as 0.0.61 has it,
//! a frozen object of string constants, plus (in the typings) a union type of its values and a
//! namespace of one type per member.

use coherent_schema::enums::{Enum, ENUMS};

use crate::{jsdoc, quoted, wrapped, GENERATED};

pub fn javascript() -> String {
    let mut out = format!(
        "'use strict'
// {GENERATED} from crates/schema/src/enums.rs: do not edit.
// The enum objects of the official client (TypeScript string enums compile to these), frozen.
// PaymentPlanStatus, PaymentPlanType, PaymentPlanMethod and CurrencyCode are exported from the
// root here too: the official README uses them, but 0.0.61 forgot to export them.
"
    );
    for e in ENUMS {
        out.push_str(&format!("\nconst {} = Object.freeze({{\n", e.name));
        for m in e.members {
            out.push_str(&format!("  {}: {},\n", m.key, quoted(m.value)));
        }
        out.push_str("})\n");
    }
    out.push_str("\nmodule.exports = {\n");
    for e in ENUMS {
        out.push_str(&format!("  {},\n", e.name));
    }
    out.push_str("}\n");
    out
}

pub fn typescript() -> String {
    let mut out = format!(
        "/*
 * {GENERATED} from crates/schema/src/enums.rs: do not edit.
 *
 * The enums, as 0.0.61 declares them: each is a frozen object of string constants
 * (`lib/enums.js`), a union type of its values and a namespace of one type per member. Wherever
 * an enum type is expected, the member (`TransactionStatus.Paid`) and its string value
 * (`'paid'`) are both accepted, and a member can be used as a type (`PaymentPlanStatus.Paused`).
 */
"
    );
    for e in ENUMS {
        out.push('\n');
        out.push_str(&declaration(e));
    }
    out
}

/// The object, the union type and the namespace of one enum.
fn declaration(e: &Enum) -> String {
    let name = e.name;
    let mut out = jsdoc(e.doc, "");
    out.push_str(&format!("export declare const {name}: {{\n"));
    for m in e.members {
        out.push_str(&jsdoc(m.doc, "  "));
        out.push_str(&format!("  readonly {}: {}\n", m.key, quoted(m.value)));
    }
    out.push_str("}\n");
    let values: Vec<String> = e
        .members
        .iter()
        .map(|m| format!("`{}`", quoted(m.value)))
        .collect();
    let union_doc = format!(
        "One of {}: the values of {{@link {name}}}.",
        wrapped(&values, 90)
    );
    out.push_str(&jsdoc(&union_doc, ""));
    out.push_str(&format!(
        "export type {name} = (typeof {name})[keyof typeof {name}]\n"
    ));
    let first = e.members.first().map_or("", |m| m.key);
    out.push_str(&jsdoc(
        &format!("Each {{@link {name}}} member as a type of its own, e.g. `{name}.{first}`."),
        "",
    ));
    out.push_str(&format!("export declare namespace {name} {{\n"));
    for m in e.members {
        out.push_str(&jsdoc(m.doc, "  "));
        out.push_str(&format!("  type {} = {}\n", m.key, quoted(m.value)));
    }
    out.push_str("}\n");
    out
}
