/// F#'s functions that write into an array (`Array.sortInPlace`, `sortInPlaceBy`, `sortInPlaceWith`, `fill`,
/// `blit`, `set`, `Array2D.set`) and the 2-D iterations (`Array2D.iter`, `iteri`), as the loops and element writes
/// the core differentiates: a sort in place is the sorted copy written back element by element, so the target
/// must be a local array the quotation made (Statements decides which arrays may be written).
module internal ExprGrad.FSharp.InPlace

open System
open Microsoft.FSharp.Quotations
open Microsoft.FSharp.Quotations.Patterns

let private int' (e: Expr) : Expr<int> = Expr.Cast<int> e
let private float' (e: Expr) : Expr<float> = Expr.Cast<float> e

/// `for j in 0 .. count - 1 do body j`.
let private loop (count: Expr) (body: Expr -> Expr) : Expr =
    let j = Var("j", typeof<int>)
    Expr.ForIntegerRangeLoop(j, <@@ 0 @@>, <@@ %(int' count) - 1 @@>, body (Expr.Var j))

let private write (target: Expr) (index: Expr) (value: Expr) = <@@ (%%target: float[]).[%(int' index)] <- %(float' value) @@>

/// The array `sorted` (a call of F#'s non-mutating sort, lowered where it is read) written back into the target.
let private writeBack (target: Expr) (sorted: Expr) : Expr =
    let copy = Var("sorted", typeof<float[]>)
    Expr.Let(copy, sorted, loop <@@ (%%target: float[]).Length @@> (fun j -> write target j <@@ (%%(Expr.Var copy): float[]).[%(int' j)] @@>))

let private arrayMethod (name: string) (types: Type[]) =
    typeof<list<int>>.Assembly.GetType("Microsoft.FSharp.Collections.ArrayModule").GetMethod(name).MakeGenericMethod types

/// The statements a writing call of the Array or Array2D module stands for, or None for any other call.
/// `apply f x` applies a quoted function where it is defined.
let statement (apply: Expr -> Expr -> Expr) (mi: Reflection.MethodInfo) (args: Expr list) : Expr option =
    let owner = if isNull mi.DeclaringType then "" else mi.DeclaringType.Name
    let writesInto (target: Expr) =
        match target with
        | Var _ -> ()
        | _ ->
            // F# would write into an array nothing reads afterwards; a copy written back needs a name to write to.
            raise (Construct.unsupported $"'Array.{Char.ToLowerInvariant mi.Name[0]}{mi.Name.Substring 1}' into an array that is not bound to a name" target
                       "bind the array first (let y = Array.copy x) and write into y")
    match owner, mi.Name, args with
    | "ArrayModule", "SortInPlace", [ target ] when target.Type = typeof<float[]> ->
        writesInto target
        // Array.sortInPlace and Array.sort order equal floats alike (equal values are interchangeable).
        Some(writeBack target (Expr.Call(arrayMethod "Sort" [| typeof<float> |], [ target ])))
    | "ArrayModule", "SortInPlaceBy", [ key; target ] when target.Type = typeof<float[]> ->
        writesInto target
        // Array.sortBy is a copy sorted by sortInPlaceBy: the same permutation, ties included.
        Some(writeBack target (Expr.Call(arrayMethod "SortBy" (mi.GetGenericArguments()), [ key; target ])))
    | "ArrayModule", "SortInPlaceWith", [ comparer; target ] when target.Type = typeof<float[]> ->
        writesInto target
        // Array.sortWith is a copy sorted by sortInPlaceWith (stable).
        Some(writeBack target (Expr.Call(arrayMethod "SortWith" [| typeof<float> |], [ comparer; target ])))
    | "ArrayModule", "Fill", [ target; start; count; value ] when target.Type = typeof<float[]> ->
        writesInto target
        // F#'s own fill checks the range first; the value is computed once, as F# passes it.
        let first, n, v = Var("start", typeof<int>), Var("count", typeof<int>), Var("value", typeof<float>)
        Some(Expr.Let(n, count, Expr.Let(first, Lookups.filled start (Expr.Var n) <@@ (%%target: float[]).Length @@>, Expr.Let(v, value,
            loop (Expr.Var n) (fun j -> write target <@@ %%(Expr.Var first) + %(int' j) @@> (Expr.Var v))))))
    | "ArrayModule", "CopyTo", [ source; sourceStart; target; targetStart; count ] when target.Type = typeof<float[]> ->
        writesInto target
        // Array.blit: F#'s own check of the ranges, the piece read whole first (the arrays may be the same), then written.
        let s0, t0, n, piece = Var("sourceStart", typeof<int>), Var("targetStart", typeof<int>), Var("count", typeof<int>), Var("piece", typeof<float[]>)
        let counted = Lookups.blitted <@@ (%%source: float[]).Length @@> (Expr.Var s0) <@@ (%%target: float[]).Length @@> (Expr.Var t0) count
        let sub = Expr.Call(arrayMethod "GetSubArray" [| typeof<float> |], [ source; Expr.Var s0; Expr.Var n ])
        Some(Expr.Let(s0, sourceStart, Expr.Let(t0, targetStart, Expr.Let(n, counted, Expr.Let(piece, sub,
            loop (Expr.Var n) (fun j -> write target <@@ %%(Expr.Var t0) + %(int' j) @@> <@@ (%%(Expr.Var piece): float[]).[%(int' j)] @@>))))))
    | "ArrayModule", "Set", [ target; index; value ] when target.Type = typeof<float[]> -> Some(write target index value)
    | "Array2DModule", "CopyTo", [ source; i0; j0; target; k0; l0; rows; columns ] when target.Type = typeof<float[,]> ->
        // Array2D.blit: F#'s own check of the ranges, the block read whole first (the matrices may be the same), then written.
        writesInto target
        let names = [ "sourceRow"; "sourceColumn"; "targetRow"; "targetColumn"; "rows"; "columns" ]
        let vs = names |> List.map (fun n -> Var(n, typeof<int>))
        let v k = Expr.Var vs[k]
        let block, i, j = Var("block", typeof<float[,]>), Var("i", typeof<int>), Var("j", typeof<int>)
        let checkedRows = Lookups.blitted2D source (v 0) (v 1) target (v 2) (v 3) (v 4) (v 5)
        let copy = <@@ Array2D.init %(int' (v 4)) %(int' (v 5)) (fun a b -> (%%source: float[,]).[%(int' (v 0)) + a, %(int' (v 1)) + b]) @@>
        let writes =
            Expr.ForIntegerRangeLoop(i, <@@ 0 @@>, <@@ %(int' (v 4)) - 1 @@>,
                Expr.ForIntegerRangeLoop(j, <@@ 0 @@>, <@@ %(int' (v 5)) - 1 @@>,
                    <@@ (%%target: float[,]).[%(int' (v 2)) + %%(Expr.Var i), %(int' (v 3)) + %%(Expr.Var j)] <- (%%(Expr.Var block): float[,]).[%%(Expr.Var i), %%(Expr.Var j)] @@>))
        // The rows counted again once checked, so the block is read only after F#'s check has passed.
        let values = [ i0; j0; k0; l0; rows; columns ]
        Some(List.foldBack2 (fun var value body -> Expr.Let(var, value, body)) vs values (Expr.Let(vs[4], checkedRows, Expr.Let(block, copy, writes))))
    | "Array2DModule", "Set", [ target; i; j; value ] when target.Type = typeof<float[,]> ->
        Some <@@ (%%target: float[,]).[%(int' i), %(int' j)] <- %(float' value) @@>
    | "Array2DModule", ("Iterate" | "IterateIndexed"), [ f; m ] when m.Type = typeof<float[,]> ->
        let matrix, i, j = Var("matrix", typeof<float[,]>), Var("i", typeof<int>), Var("j", typeof<int>)
        let item = <@@ (%%(Expr.Var matrix): float[,]).[%%(Expr.Var i), %%(Expr.Var j)] @@>
        let body = if mi.Name = "Iterate" then apply f item else apply (apply (apply f (Expr.Var i)) (Expr.Var j)) item
        Some(Expr.Let(matrix, m,
            Expr.ForIntegerRangeLoop(i, <@@ 0 @@>, <@@ Array2D.length1 (%%(Expr.Var matrix): float[,]) - 1 @@>,
                Expr.ForIntegerRangeLoop(j, <@@ 0 @@>, <@@ Array2D.length2 (%%(Expr.Var matrix): float[,]) - 1 @@>, body))))
    | _ -> None
