/// A quotation written back as the F# a user typed, for error messages: `Array.groupBy (fun v -> string v) xs`
/// instead of FSharp.Core's `Call (None, GroupBy, [Lambda (v, …)])` dump. Deep parts are elided, so a message
/// names the construct and its immediate surroundings.
module internal ExprGrad.FSharp.QuotationText

open System
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns

let private infix =
    dict [ "op_Addition", "+"; "op_Subtraction", "-"; "op_Multiply", "*"; "op_Division", "/"; "op_Modulus", "%"
           "op_Exponentiation", "**"; "op_Equality", "="; "op_Inequality", "<>"; "op_LessThan", "<"; "op_GreaterThan", ">"
           "op_LessThanOrEqual", "<="; "op_GreaterThanOrEqual", ">="; "op_PipeRight", "|>"; "op_PipeLeft", "<|"
           "op_BooleanAnd", "&&"; "op_BooleanOr", "||"; "op_Range", ".."; "op_ColonEquals", ":=" ]

/// `Array.sort` for ArrayModule.Sort, `sin` for Operators.Sin: FSharp.Core records each function's F# name.
let fsharpName (mi: Reflection.MethodInfo) =
    let name =
        match mi.GetCustomAttributes(typeof<CompilationSourceNameAttribute>, false) with
        | [| :? CompilationSourceNameAttribute as a |] -> a.SourceName
        | _ -> mi.Name
    let owner = mi.DeclaringType.Name
    if owner = "Operators" || owner = "ExtraTopLevelOperators" || owner = "LanguagePrimitives" || owner = "IntrinsicFunctions" then name
    else
        let owner = if owner.EndsWith "Module" then owner.Substring(0, owner.Length - "Module".Length) else owner
        $"{owner}.{name}"

let private value (v: obj) (t: Type) =
    match v with
    | null when t = typeof<unit> -> "()"
    | null -> "null"
    | :? float as f -> let s = f.ToString("R", Globalization.CultureInfo.InvariantCulture) in if s.Contains "." || s.Contains "E" || s.Contains "N" || s.Contains "I" then s else s + ".0"
    | :? string as s -> $"\"{s}\""
    | :? bool as b -> if b then "true" else "false"
    | v -> string v

/// The F# text of e, parts nested deeper than `depth` written `…`.
let rec private write (depth: int) (e: Expr) : string =
    let go = write (depth - 1)
    // An argument in application position: parenthesized unless it is a name or a constant.
    let arg (x: Expr) =
        match x with
        | Var _ | Value _ | NewTuple _ | NewArray _ -> go x
        | _ -> $"({go x})"
    if depth <= 0 then "…"
    else
        match e with
        | Var v -> v.Name
        | Value(v, t) -> value v t
        | Coerce(x, _) -> go x
        | Lambda(v, body) -> $"fun {v.Name} -> {go body}"
        | Let(v, bound, body) -> $"let {v.Name} = {go bound} in {go body}"
        | LetRecursive(bindings, body) -> $"""let rec {bindings |> List.map (fun (v, _) -> v.Name) |> String.concat " and "} … in {go body}"""
        | IfThenElse(c, a, b) -> $"if {go c} then {go a} else {go b}"
        | Sequential(a, b) -> $"{go a}; {go b}"
        | NewTuple items -> "(" + (items |> List.map go |> String.concat ", ") + ")"
        | NewArray(_, items) -> "[| " + (items |> List.map go |> String.concat "; ") + " |]"
        | TupleGet(t, i) -> $"(item {i + 1} of {go t})"
        | NewUnionCase(case, []) when case.Name = "Empty" -> "[]"
        | NewUnionCase(case, [ head; tail ]) when case.Name = "Cons" -> $"{arg head} :: {go tail}"
        | NewUnionCase(case, []) -> case.Name
        | NewUnionCase(case, args) -> $"""{case.Name} ({args |> List.map go |> String.concat ", "})"""
        | NewRecord(_, args) -> "{ " + (args |> List.map go |> String.concat "; ") + " }"
        | UnionCaseTest(x, case) -> $"({go x} is {case.Name})"
        | ForIntegerRangeLoop(v, a, b, body) -> $"for {v.Name} in {go a} .. {go b} do {go body}"
        | WhileLoop(c, body) -> $"while {go c} do {go body}"
        | VarSet(v, x) -> $"{v.Name} <- {go x}"
        | TryWith(body, _, _, _, handler) -> $"try {go body} with … -> {go handler}"
        | TryFinally(body, cleanup) -> $"try {go body} finally {go cleanup}"
        | Application(f, x) -> $"{arg f} {arg x}"
        | AddressOf x -> $"&{go x}"
        | TypeTest(x, t) -> $"{arg x} :? {t.Name}"
        | QuoteTyped q | QuoteRaw q -> $"<@ {go q} @>"
        | Call(None, mi, [ a; b ]) when infix.ContainsKey mi.Name -> $"{arg a} {infix[mi.Name]} {arg b}"
        | Call(None, mi, [ a ]) when mi.Name = "op_UnaryNegation" -> $"-{arg a}"
        | Call(None, mi, [ a; i ]) when mi.Name = "GetArray" -> $"{arg a}[{go i}]"
        | Call(None, mi, [ a; i; j ]) when mi.Name = "GetArray2D" -> $"{arg a}[{go i}, {go j}]"
        | Call(None, mi, [ a; i; x ]) when mi.Name = "SetArray" -> $"{arg a}[{go i}] <- {go x}"
        | Call(None, mi, [ a; i; j; x ]) when mi.Name = "SetArray2D" -> $"{arg a}[{go i}, {go j}] <- {go x}"
        | Call(None, mi, args) -> String.concat " " (fsharpName mi :: List.map arg args)
        | Call(Some o, mi, args) -> $"""{arg o}.{mi.Name}({args |> List.map go |> String.concat ", "})"""
        | PropertyGet(Some o, p, []) -> $"{arg o}.{p.Name}"
        | PropertyGet(Some o, p, args) -> $"""{arg o}[{args |> List.map go |> String.concat ", "}]"""
        | PropertyGet(None, p, _) -> p.Name
        | FieldGet(Some o, f) -> $"{arg o}.{f.Name}"
        | FieldGet(None, f) -> f.Name
        | PropertySet(_, p, _, x) -> $"{p.Name} <- {go x}"
        | FieldSet(_, f, x) -> $"{f.Name} <- {go x}"
        | NewObject(ctor, args) -> $"""{ctor.DeclaringType.Name}({args |> List.map go |> String.concat ", "})"""
        | _ -> "…"

/// e written as F#, cut after 200 characters.
let show (e: Expr) : string =
    let text = write 6 e
    if text.Length > 200 then text.Substring(0, 200) + " …" else text
