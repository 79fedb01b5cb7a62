/// The core's errors restated for an F# user: the core names a C# method and suggests
/// `Derivatives.Register((…) => …)`, where the F# fix is usually [<ReflectedDefinition>], a for loop or one of the
/// collection functions this layer lowers.
module internal ExprGrad.FSharp.FSharpErrors

open System
open System.Reflection
open ExprGrad

/// The collection functions Collections lowers, as a user would look for them.
let lowered =
    "Array.map, map2, map3, mapi, mapi2, init, zip, zip3, pairwise, fold, fold2, sum, sumBy, average, averageBy, max, min, rev, sort, sortDescending, sortBy, sortByDescending, maxBy, minBy, distinct, filter, except, choose, truncate, skip, take, skipWhile, takeWhile, scan, scanBack, foldBack, windowed, chunkBySize, splitInto, append, reduce, partition, unzip, permute, transpose, groupBy, countBy, sortWith, distinctBy, indexed, allPairs, splitAt, sub, collect, concat, tail, replicate, removeAt, updateAt, insertAt, mapFold, mapFoldBack, tryFind, tryPick, tryFindIndex, tryItem, tryHead, tryLast, last, iter, iteri, find, pick, exactlyOne, unfold, copy, sortInPlace, fill, blit, iter2, unzip3, insertManyAt, removeManyAt, reduceBack, foldBack2, "
    + "Seq.sum, Seq.sumBy, Array2D.map, Array2D.init, their List forms, [| for … -> … |] and slices w[a..b]"

let private fsharpName = QuotationText.fsharpName

let private isFrom (prefix: string) (mi: MethodInfo) =
    not (isNull mi.DeclaringType.Namespace) && mi.DeclaringType.Namespace.StartsWith prefix

/// The F# form of the core's exception, or None when the core's message already says what to do.
let restate (ex: UnsupportedExpressionException) : exn option =
    // The core's own fix (register a rule with a C# lambda) is left to the inner exception.
    let fail (message: string) = Some(NotSupportedException($"{message} Where: {ex.ExpressionText}", ex) :> exn)
    match ex.Method with
    | _ when ex.Message.Contains "flows into a value of type Tuple" || ex.Message.Contains "flows into a value of type ValueTuple" ->
        fail ("ExprGrad.FSharp cannot differentiate through a tuple kept as a value (in an array, a mutable, or passed to a method). "
              + "Fix: take it apart where it is made (let (a, b) = …, fun (a, b) -> …), or keep two float arrays instead of an array of tuples.")
    | null when ex.Message.Contains "in the body of a try region" ->
        fail ("ExprGrad.FSharp cannot differentiate a throw (failwith, raise, invalidArg …) inside a loop that writes a mutable or a local array, in the body of a 'try … with': "
              + "F# keeps the writes made before the throw, and the gradient cannot replay part of a loop. "
              + "Fix: test the condition before the loop and throw there, or compute the loop's values into locals and assign them after it.")
    | null -> None
    // The core's words ("this Call statement") for a .NET method that returns void, which F# quotes as returning unit.
    | mi when mi.ReturnType = typeof<Void> && ex.Message.Contains "statement" && not (isFrom "Microsoft.FSharp" mi) ->
        fail ($"ExprGrad.FSharp cannot differentiate a call of the .NET method {mi.DeclaringType.Name}.{mi.Name}, which returns nothing (void), inside the quotation. "
              + "Fix: move the call out of the quotation, or, to print while the gradient runs, use printfn or eprintfn, which are values of type unit to the core.")
    | mi when isFrom "Microsoft.FSharp" mi ->
        fail ($"ExprGrad.FSharp has no derivative for F#'s {fsharpName mi}. "
              + $"Fix: write it with the functions ExprGrad.FSharp lowers ({lowered}), or with a for loop writing a local array made by Array.zeroCreate.")
    | mi when not (isFrom "System" mi || mi.DeclaringType.Assembly = typeof<Grad>.Assembly) ->
        fail ($"'{mi.Name}' is compiled F# code, which has no tree to differentiate. "
              + "Fix: mark it [<ReflectedDefinition>] so its body is inlined into the quotation, define it with 'let' inside the quotation, "
              + "or register its derivative with Derivatives.Register.")
    | _ -> None

/// Runs f, restating the core's errors in F# terms.
let guard (f: unit -> 'T) : 'T =
    try f ()
    with :? UnsupportedExpressionException as ex ->
        match restate ex with
        | Some restated -> raise restated
        | None -> reraise ()
