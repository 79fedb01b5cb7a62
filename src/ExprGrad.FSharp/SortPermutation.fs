/// `Array.sort` as a permutation: the sorted array is the input read through the indices that sort it, so its
/// gradient is the output's adjoints sent back through the same indices. The indices carry no gradient (they
/// are constant wherever the input has no ties); the core is told so once.
module internal ExprGrad.FSharp.SortPermutation

open System
open System.Linq.Expressions
open ExprGrad

/// The indices as floats: the core lets a float array computed by a non-differentiable method stand in the
/// program (an int[] would have to carry a gradient), and the reads convert each back to an int, exactly
/// below 2⁵³ elements.
type Indices =
    /// <summary>The indices that sort x (descending when asked), equal values in their input order — so at a tie
    /// the first of the equal outputs takes the adjoint of the first equal input. NaN sorts first, as Array.sort's.</summary>
    static member Sorting(x: float[], descending: bool) : float[] =
        let order = Array.init x.Length id
        let compareValues (a: int) (b: int) = if descending then x[b].CompareTo x[a] else x[a].CompareTo x[b]
        Array.sortInPlaceWith (fun a b -> match compareValues a b with 0 -> compare a b | c -> c) order
        Array.map float order

let private sorting = typeof<Indices>.GetMethod("Sorting", Reflection.BindingFlags.Static ||| Reflection.BindingFlags.Public ||| Reflection.BindingFlags.NonPublic)

let private registered =
    lazy
        let x, descending = Expression.Parameter(typeof<float[]>, "x"), Expression.Parameter(typeof<bool>, "descending")
        Derivatives.NonDifferentiable(Expression.Lambda(Expression.Call(sorting, x, descending), x, descending))

/// `Indices.Sorting(x, descending)` as a quotation, its non-differentiability registered with the core.
let indices (x: Microsoft.FSharp.Quotations.Expr) (descending: bool) : Microsoft.FSharp.Quotations.Expr =
    registered.Force()
    Microsoft.FSharp.Quotations.Expr.Call(sorting, [ x; Microsoft.FSharp.Quotations.Expr.Value descending ])
