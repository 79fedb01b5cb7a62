/// Quotations with `let mutable`, `x <- e`, `for`, `while` and writes into local arrays, which FSharp.Core's
/// converter rejects, become the imperative LINQ shapes the core differentiates: a block with variables,
/// assignments, if-statements and `loop { if (exit) break; body }`. Only these nodes are translated here;
/// every pure piece in between goes through LeafConversion, so operators mean exactly what they mean in a
/// pure quotation.
module internal ExprGrad.FSharp.Statements

open System
open System.Collections.Generic
open System.Linq.Expressions
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns
open ExprGrad.FSharp.ArrayState

/// `Array.zeroCreate n`, `Array.create n v` and their Array2D forms: a fresh array nobody else refers to.
let private (|FreshArray|_|) (e: Expr) =
    match e with
    | Call(None, mi, _) when (mi.DeclaringType.Name = "ArrayModule" || mi.DeclaringType.Name = "Array2DModule")
                             && (mi.Name = "ZeroCreate" || mi.Name = "Create")
                             && (e.Type = typeof<float[]> || e.Type = typeof<float[,]>) -> Some()
    | _ -> None

/// `Array.zeroCreate n` (or `Array2D.zeroCreate r c`) of floats: its sizes.
let private (|ZeroFloats|_|) (e: Expr) =
    match e with
    | Call(None, mi, sizes) when mi.Name = "ZeroCreate" && (e.Type = typeof<float[]> || e.Type = typeof<float[,]>) -> Some sizes
    | _ -> None

/// `for i in a .. step .. b do body`: the compiler quotes it as the enumeration of a range (GetEnumerator,
/// a while over MoveNext, Dispose in a finally); only `a .. b` with step 1 becomes ForIntegerRangeLoop.
let private (|RangeStepLoop|_|) (e: Expr) =
    match e with
    | Let(range, Call(None, mi, [ first; step; last ]),
          Let(enumerator, Call(Some(Var r), _, []),
              TryFinally(WhileLoop(_, Let(i, PropertyGet(Some(Var en), _, []), body)), _)))
        when mi.Name = "op_RangeStep" && r = range && en = enumerator && i.Type = typeof<int> ->
        Some(i, first, step, last, body)
    | _ -> None

/// Any other `for x in s do`: an enumeration of a list, a sequence or a non-int range.
let private (|SequenceLoop|_|) (e: Expr) =
    match e with
    | Let(_, source, Let(_, Call(Some _, mi, []), TryFinally(WhileLoop _, _))) when mi.Name = "GetEnumerator" -> Some source
    | _ -> None

/// Whether the quotation holds anything only this module translates.
/// A `try … finally` the user wrote, not the one around a `for … in` loop's enumerator.
let (|UserTryFinally|_|) (e: Expr) =
    match e with
    | TryFinally(WhileLoop(Call(Some _, m, []), _), _) when m.Name = "MoveNext" -> None
    | TryFinally(body, cleanup) -> Some(body, cleanup)
    | _ -> None

let rec isImperative (e: Expr) : bool =
    match e with
    | VarSet _ | WhileLoop _ | ForIntegerRangeLoop _ | ArraySet _ | TryWith _ | UserTryFinally _ -> true
    | Let(v, _, _) when v.IsMutable -> true
    | ExprShape.ShapeVar _ -> false
    | ExprShape.ShapeLambda(_, body) -> isImperative body
    | ExprShape.ShapeCombination(_, args) -> List.exists isImperative args

/// Types a LINQ variable may hold without hiding a gradient: the core sees through float, float[] and float[,],
/// and everything else primitive carries none. A tuple or closure in a variable would be an opaque constant.
let private storable (t: Type) =
    t.IsPrimitive || (t.IsArray && t.GetElementType().IsPrimitive)

let private reject construct (e: Expr) fix = raise (Construct.unsupported construct e fix)

/// `let f x = …loop…` inlined where it is applied, each argument bound by a `let` (F# passes values),
/// as QuotationTranslation does for reflected definitions: a closure holding a loop has no LINQ form the
/// core can differentiate.
let rec private inlineFunction (f: Var) (definition: Expr) (e: Expr) : Expr =
    let rec apply (fn: Expr) (args: Expr list) =
        match fn, args with
        | _, [] -> fn
        | Lambda(p, body), a :: rest -> Expr.Let(p, a, apply body rest)
        | _ -> reject $"a call of '{f.Name}' with more arguments than its definition takes" e "apply it to its own arguments only"
    let rec applied (x: Expr) args =
        match x with
        | Application(g, a) -> applied g (a :: args)
        | Var v when v = f -> Some args
        | _ -> None
    match applied e [] with
    | Some [] -> reject $"the function '{f.Name}' (which holds a loop or assignment) used as a value" e "apply it to all its arguments"
    | Some args -> apply definition (List.map (inlineFunction f definition) args)
    | None ->
        match e with
        | ExprShape.ShapeVar _ -> e
        | ExprShape.ShapeLambda(v, body) -> Expr.Lambda(v, inlineFunction f definition body)
        | ExprShape.ShapeCombination(shape, args) -> ExprShape.RebuildShapeCombination(shape, List.map (inlineFunction f definition) args)

/// The statements of one nested body and the variables declared for it. Declarations are hoisted to the
/// enclosing loop body (or the whole function): the core reads a loop body's variables as per-iteration
/// locals, and a block of lets inside a statement would be read by Normalize as a pure let chain.
type private Body =
    { Statements: ResizeArray<Expression>
      Locals: ResizeArray<ParameterExpression> }
    static member New() = { Statements = ResizeArray(); Locals = ResizeArray() }
    member b.Nested() = { Statements = ResizeArray(); Locals = b.Locals }
    member b.Add(s: Expression) = b.Statements.Add s
    member b.AsStatement() : Expression =
        match b.Statements.Count with
        | 0 -> Expression.Empty()
        | 1 -> b.Statements[0]
        | _ -> Expression.Block(typeof<Void>, b.Statements)

let private assign (target: Expression) (value: Expression) : Expression =
    Expression.Assign(target, (if value.Type = target.Type then value else Expression.Convert(value, target.Type))) :> Expression

/// `loop { if (exitWhen) break; statements }`, one of the two loop shapes the core differentiates.
let private loop (body: Body) (exitWhen: Expression) : Expression =
    let exit = Expression.Label("exit")
    let first = Expression.IfThen(exitWhen, Expression.Break(exit)) :> Expression
    Expression.Loop(Expression.Block(typeof<Void>, body.Locals, Seq.append [ first ] body.Statements), exit) :> Expression

/// F#'s range check, kept in the translated loop: `a .. 0 .. b` throws rather than looping forever.
type internal RangeChecks =
    static member NonZeroStep(step: int) : int =
        if step = 0 then raise (ArgumentException("The step of a range cannot be zero.", "step")) else step

let private nonZeroStep =
    typeof<RangeChecks>.GetMethod("NonZeroStep", Reflection.BindingFlags.Static ||| Reflection.BindingFlags.Public ||| Reflection.BindingFlags.NonPublic)

/// The arms of a `with`, in F#'s order: `| :? T -> h` tests the exception's type, `| _ -> h` or `| e -> h` catches
/// any; a `with` that ends in type tests rethrows what none matched, as F#'s does.
let private handlerArms (handler: Expr) : (Type * Expr) list =
    let rec arms (h: Expr) =
        match h with
        | IfThenElse(TypeTest(Var _, t), arm, rest) -> (t, arm) :: arms rest
        | Call(None, mi, []) when mi.Name = "Reraise" -> []
        | _ -> [ typeof<exn>, h ]
    arms handler

type private Translator(written: HashSet<Var>) =
    let variables = Dictionary<Var, Expression>(HashIdentity.Reference)
    /// Functions, tuples and other values no variable can hold, re-bound by a `let` around each pure piece
    /// that reads them: the shape a pure quotation has, which the converter and the core already handle.
    let deferred = ResizeArray<Var * Expr>()
    let localArrays = HashSet<Var>(HashIdentity.Reference)
    /// Arrays written so far, and each name bound or assigned to an array another name may hold: checked when
    /// the whole body is translated (inner functions are inlined on the way, so only then are all writes known).
    /// Writes in the order they run (a loop's body once), and for each sharing the first write that can run after
    /// it: the next one, or inside a loop the loop's first, since the body runs again.
    let writes = ResizeArray<Var>()
    let sharing = ResizeArray<Var * Var list * Expr * int>()
    let mutable outermostLoopStart: int option = None

    let lookup (v: Var) : Expression =
        match variables.TryGetValue v with
        | true, e -> e
        | _ -> invalidOp $"The quotation variable '{v.Name}' has no translation."

    let declare (b: Body) (v: Var) : ParameterExpression =
        let p = Expression.Variable(v.Type, v.Name)
        b.Locals.Add p
        variables[v] <- p
        p

    let temporary (b: Body) (t: Type) (name: string) = declare b (Var(name, t))

    let share (v: Var) (value: Expr) =
        match sharedWith value |> List.filter ((<>) v) with
        | [] -> ()
        | others -> sharing.Add((v, others, value, defaultArg outermostLoopStart writes.Count))

    member t.Leaf(e: Expr) : Expression =
        match e with
        | Var v -> lookup v
        | Value(o, ty) when ty.IsPrimitive -> Expression.Constant(o, ty) :> Expression
        | _ ->
            Construct.check e
            let needed = HashSet<Var>(HashIdentity.Reference)
            let rec need (x: Expr) =
                for v in x.GetFreeVars() do
                    match deferred |> Seq.tryFind (fun (d, _) -> d = v) with
                    | Some(_, value) when needed.Add v -> need value
                    | _ -> ()
            need e
            let wrapped = Seq.foldBack (fun (v, value) body -> if needed.Contains v then Expr.Let(v, value, body) else body) deferred e
            LeafConversion.withFreeVariables lookup wrapped

    /// Binds a `let` or `let mutable`: a variable for what one can hold, a deferred definition otherwise.
    member t.Bind (b: Body) (v: Var) (value: Expr) : unit =
        if storable v.Type then
            if v.Type.IsArray then share v value
            let translated =
                match value with
                // `new double[n]`, which forward mode (Hessians, Jacobians) goes through; FSharp.Core's
                // ZeroCreate has only a reverse rule.
                | ZeroFloats sizes -> Expression.NewArrayBounds(typeof<float>, sizes |> List.map (t.Value b)) :> Expression
                | _ -> t.Value b value
            b.Add(assign (declare b v) translated)
            match value with
            | FreshArray when not v.IsMutable -> localArrays.Add v |> ignore
            | _ -> ()
        elif v.IsMutable then
            reject $"a 'let mutable' of type {v.Type.Name}" value "keep mutable values to float, int, bool or float arrays"
        elif isImperative value then
            reject $"a loop or assignment computing a {v.Type.Name}" value "compute the float values first, then build the value from them"
        else
            Construct.check value
            // F# evaluates the value where it is bound; re-evaluating it where it is read is only the same
            // when nothing it reads can change in between: closures cannot capture mutables, and other
            // values must not read mutables or local arrays.
            let readsState = value.GetFreeVars() |> Seq.exists (fun u -> u.IsMutable || localArrays.Contains u || written.Contains u)
            match value with
            | Lambda _ -> ()
            | _ when readsState ->
                reject $"a {v.Type.Name} value read from a mutable or a local array" value "bind the float values with 'let' first"
            | _ -> ()
            // An inlined function body binds the same variables at each call: the latest binding is the live one.
            deferred.RemoveAll(fun (d, _) -> d = v) |> ignore
            deferred.Add((v, value))

    member t.Value (b: Body) (e: Expr) : Expression =
        if not (isImperative e) then t.Leaf e
        elif e.Type = typeof<unit> then
            t.Statement b e
            Expression.Empty()
        else
            match e with
            | Sequential(first, rest) ->
                t.Statement b first
                t.Value b rest
            | Let(alias, Var array, rest) when alias.Type.IsArray && not alias.IsMutable && not array.IsMutable ->
                t.Value b (rest.Substitute(fun u -> if u = alias then Some(Expr.Var array) else None))
            | Let(f, (Lambda _ as definition), rest) when isImperative definition ->
                t.Value b (inlineFunction f definition rest)
            | Let(v, value, rest) ->
                t.Bind b v value
                t.Value b rest
            | IfThenElse(test, whenTrue, whenFalse) when storable e.Type ->
                let result = temporary b e.Type "result"
                let condition = t.Value b test
                let branch (x: Expr) =
                    let nested = b.Nested()
                    nested.Add(assign result (t.Value nested x))
                    nested.AsStatement()
                b.Add(Expression.IfThenElse(condition, branch whenTrue, branch whenFalse))
                result
            | IfThenElse _ ->
                reject $"an 'if' with a loop or assignment computing a {e.Type.Name}" e "compute the float values first"
            | TryWith(body, _, _, caught, handler) -> t.Try b e body caught handler
            | UserTryFinally(body, cleanup) -> t.Finally b e body cleanup
            | _ -> t.Lifted b e

    /// A node the translator has no statement form for, with a loop or assignment inside an argument: the
    /// arguments are computed into variables first, in F#'s left-to-right order, and the node becomes pure.
    member t.Lifted (b: Body) (e: Expr) : Expression =
        match Construct.describe e with
        | Some(construct, fix) -> reject construct e fix
        | None -> ()
        match e with
        | ExprShape.ShapeCombination(shape, args) ->
            let lastImperative = args |> List.tryFindIndexBack isImperative |> Option.defaultValue -1
            let lift i (arg: Expr) =
                match arg with
                // Ops.Sum, Ops.Scan, Ops.Map or a nested derivative over a lambda with a loop: the core reads a
                // block in such a lambda as it reads a function body, so the lambda becomes one, standing in the
                // pure piece as a variable until the piece is converted.
                | NewDelegate(delegateType, parameters, body) when isImperative arg ->
                    let f = Var("f", delegateType)
                    variables[f] <- t.Lambda delegateType parameters body
                    Expr.Var f
                | Lambda _ when isImperative arg ->
                    reject "a loop or assignment inside an F# function value passed to a method" arg "apply the function where it is defined, or pass a lambda to an ExprGrad.Ops method directly"
                | Lambda _ | NewDelegate _ -> arg
                | _ when i > lastImperative || not (isImperative arg || storable arg.Type) -> arg
                | _ when not (storable arg.Type) ->
                    reject $"a loop or assignment computing a {arg.Type.Name}" arg "compute the float values first"
                | _ ->
                    let v = Var("arg", arg.Type)
                    b.Add(assign (declare b v) (t.Value b arg))
                    Expr.Var v
            t.Leaf(ExprShape.RebuildShapeCombination(shape, List.mapi lift args))
        | _ -> reject "a loop or assignment inside a lambda ('fun …')" e "write the loop in the quotation's body, outside the lambda (for Array.iter, 'for v in xs do'); inside Ops.Sum or a nested derivative use Array.sumBy or Array.fold, which need no loop"

    /// A delegate's lambda with its own body of statements; it reads the enclosing variables as they stand.
    member t.Lambda (delegateType: Type) (parameters: Var list) (body: Expr) : Expression =
        let ps = parameters |> List.map (fun v -> let p = Expression.Parameter(v.Type, v.Name) in variables[v] <- p; p)
        let inner = Body.New()
        // Called once per element or step, like a loop's body.
        let mutable result = null
        t.InLoop(fun () -> result <- t.Value inner body)
        let block =
            if inner.Statements.Count = 0 && inner.Locals.Count = 0 then result
            else Expression.Block(body.Type, inner.Locals, Seq.append inner.Statements [ result ]) :> Expression
        Expression.Lambda(delegateType, block, ps) :> Expression

    member t.Statement (b: Body) (e: Expr) : unit =
        match e with
        | Value(_, ty) when ty = typeof<unit> -> ()
        | Sequential(first, rest) ->
            t.Statement b first
            t.Statement b rest
        | RangeStepLoop(i, first, Value(:? int as step, _), last, body) when step <> 0 -> t.For b i first (Choice1Of2 step) last body
        | RangeStepLoop(i, first, step, last, body) -> t.For b i first (Choice2Of2 step) last body
        | SequenceLoop source ->
            reject $"a 'for … in' loop over a {source.Type.Name}" e "loop over an array, a list, a range or a map of one ('for i in 0 .. n - 1 do'); other sequences have no index to replay"
        | Let(alias, Var array, rest) when alias.Type.IsArray && not alias.IsMutable && not array.IsMutable ->
            t.Statement b (rest.Substitute(fun u -> if u = alias then Some(Expr.Var array) else None))
        | Let(f, (Lambda _ as definition), rest) when isImperative definition ->
            t.Statement b (inlineFunction f definition rest)
        | Let(v, value, rest) ->
            t.Bind b v value
            t.Statement b rest
        | VarSet(v, value) ->
            if v.Type.IsArray then share v value
            let target = lookup v
            b.Add(assign target (t.Value b value))
        // Into a local array, an input or a captured array (bound to a name at entry by ArrayState): the core's
        // arrays are values, so the write makes a new version and the caller's array keeps its values.
        | ArraySet(Var array, indices, value) ->
            writes.Add array
            let target = lookup array
            let indices = indices |> List.map (t.Value b)
            b.Add(assign (Expression.ArrayAccess(target, indices)) (t.Value b value))
        | ArraySet(array, _, _) ->
            reject "a write into an array that no name holds" array
                "bind the array with 'let' first and write through that name"
        | IfThenElse(test, whenTrue, whenFalse) ->
            let condition = t.Value b test
            let branch (x: Expr) =
                let nested = b.Nested()
                t.Statement nested x
                nested.AsStatement()
            b.Add(Expression.IfThenElse(condition, branch whenTrue, branch whenFalse))
        | WhileLoop(test, body) ->
            if isImperative test then
                reject "a 'while' condition that assigns or loops" test "compute the condition into a mutable at the end of the body"
            let inner = Body.New()
            // Read in the loop body's scope, each iteration, so it sees the states the body updates.
            t.InLoop(fun () ->
                let condition = t.Value inner test
                t.Statement inner body
                b.Add(loop inner (Expression.Not condition)))
        | ForIntegerRangeLoop(i, first, last, body) -> t.For b i first (Choice1Of2 1) last body
        | TryWith(body, _, _, caught, handler) -> b.Add(t.Try b e body caught handler)
        | UserTryFinally(body, cleanup) -> b.Add(t.Finally b e body cleanup)
        // Kept for its effects, as the same statement in a pure quotation is.
        | _ when not (isImperative e) -> b.Add(t.Leaf e)
        | _ -> b.Add(t.Lifted b e)

    /// `try body with | :? T -> h | _ -> h'`: the core's try region, one catch per arm in F#'s order. The body's and
    /// each handler's statements stay inside them, so the core knows which ran before a throw.
    member t.Region (b: Body) (e: Expr) (x: Expr) : Expression =
        let resultType = if e.Type = typeof<unit> then typeof<Void> else e.Type
        let nested = b.Nested()
        let value = t.Value nested x
        let value = if resultType = typeof<Void> || value.Type = resultType then value else Expression.Convert(value, resultType) :> Expression
        Expression.Block(resultType, Seq.append nested.Statements [ value ]) :> Expression

    /// `try body finally cleanup`: the core's try region, so the cleanup runs also when the body throws, as F#'s does.
    member t.Finally (b: Body) (e: Expr) (body: Expr) (cleanup: Expr) : Expression =
        let nested = b.Nested()
        t.Statement nested cleanup
        Expression.TryFinally(t.Region b e body, nested.AsStatement()) :> Expression

    member t.Try (b: Body) (e: Expr) (body: Expr) (caught: Var) (handler: Expr) : Expression =
        let block = t.Region b e
        let arms = handlerArms handler
        let rec reraises (x: Expr) =
            match x with
            | Call(None, mi, []) when mi.Name = "Reraise" -> true
            | ExprShape.ShapeVar _ -> false
            | ExprShape.ShapeLambda(_, body) -> reraises body
            | ExprShape.ShapeCombination(_, args) -> List.exists reraises args
        for _, arm in arms do
            if reraises arm then
                reject "a 'with' arm with a 'when' guard or 'reraise ()'" e
                    "choose the arm with ':? T ->' or '_ ->' and test the condition with 'if … then … else' inside it"
            if arm.GetFreeVars() |> Seq.exists (fun v -> v = caught) then
                reject $"a 'with' whose handler reads the exception '{caught.Name}'" e
                    "compute the handler's value without the exception (a type test ':? T ->' chooses the handler), or catch it outside the quotation"
        let catches = arms |> List.map (fun (ty, arm) -> Expression.Catch(ty, block arm))
        // `with _ -> reraise ()` catches nothing it keeps: the body alone.
        if catches.IsEmpty then block body else Expression.TryCatch(block body, Array.ofList catches) :> Expression

    /// `for i in first .. step .. last`: the bounds and the step are computed once, before the loop, in F#'s
    /// order; a step known only when the function runs decides the direction then, and 0 throws as F# does.
    member t.For (b: Body) (i: Var) (first: Expr) (step: Choice<int, Expr>) (last: Expr) (body: Expr) : unit =
        let index = declare b i
        b.Add(assign index (t.Value b first))
        let stepValue =
            match step with
            | Choice1Of2 literal -> Expression.Constant literal :> Expression
            | Choice2Of2 e ->
                let v = temporary b typeof<int> "step"
                b.Add(assign v (Expression.Call(nonZeroStep, t.Value b e)))
                v :> Expression
        let bound =
            match t.Value b last with
            | :? ConstantExpression as c -> c :> Expression
            | value ->
                let v = temporary b typeof<int> "last"
                b.Add(assign v value)
                v :> Expression
        let inner = Body.New()
        t.InLoop(fun () -> t.Statement inner body)
        inner.Add(Expression.AddAssign(index, stepValue))
        let exitWhen =
            match step with
            | Choice1Of2 literal when literal > 0 -> Expression.GreaterThan(index, bound) :> Expression
            | Choice1Of2 _ -> Expression.LessThan(index, bound) :> Expression
            | Choice2Of2 _ ->
                Expression.Condition(Expression.GreaterThan(stepValue, Expression.Constant 0),
                    Expression.GreaterThan(index, bound), Expression.LessThan(index, bound)) :> Expression
        b.Add(loop inner exitWhen)

    member _.Declare(v: Var, p: ParameterExpression) = variables[v] <- p

    /// Translates a loop's body, noting where the outermost loop's writes begin.
    member _.InLoop(translateBody: unit -> unit) =
        let outer = outermostLoopStart
        if outer.IsNone then outermostLoopStart <- Some writes.Count
        translateBody ()
        outermostLoopStart <- outer

    /// A second name for an array that is written, which F# would see the write through and the core (whose
    /// arrays are values) would not: rejected, since no exact translation keeps the two names apart.
    member _.CheckSharing() =
        for v, others, value, first in sharing do
            let later = HashSet<Var>(Seq.skip first writes, HashIdentity.Reference)
            if later.Contains v || List.exists later.Contains others then
                let names = others |> List.map (fun o -> $"'{o.Name}'") |> String.concat ", "
                reject $"a second name '{v.Name}' for the array {names}, which is written through one of them" value
                    "copy it ('Array.copy') so each name has its own array, or read and write it through one name"

/// The body of an imperative quotation as one LINQ block over the given parameters.
let translate (parameters: (Var * ParameterExpression) list) (body: Expr) : Expression =
    let t = Translator(written body)
    for v, p in parameters do t.Declare(v, p)
    let b = Body.New()
    let result = t.Value b body
    t.CheckSharing()
    if b.Statements.Count = 0 && b.Locals.Count = 0 then result
    else Expression.Block(body.Type, b.Locals, Seq.append b.Statements [ result ]) :> Expression
