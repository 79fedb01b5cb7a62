/// A float range `a .. step .. b` as an indexed collection. F# decides how many elements it has and what each is
/// with its own floating-point rules (FSharp.Core's range enumerator, which a reimplementation would have to
/// match bit for bit across versions), so the elements are taken from F# itself, computed once when the range is
/// reached; the program reads them by index. The values carry the derivative of `a + j·step` in `a` and `step`
/// through terms that are exactly zero in value.
module internal ExprGrad.FSharp.FloatRange

open Microsoft.FSharp.Quotations
open ExprGrad

/// The range's elements as F# enumerates them; a zero step throws F#'s ArgumentException.
type Elements =
    /// <summary>`[| start .. step .. stop |]`, by FSharp.Core.</summary>
    static member Of(start: float, step: float, stop: float) : float[] = [| start .. step .. stop |]

let private elementsCall = SortPermutation.helperOf typeof<Elements> "Of"
let private stopGradient = typeof<Ops>.GetMethod("StopGradient", [| typeof<float> |])

/// The range's bindings (computed once, in F#'s order: start, step, stop), its length and its j-th element,
/// `elements[j] + (start − start̄) + j·(step − step̄)` with x̄ the value without gradient: F#'s number, with
/// ∂/∂start = 1 and ∂/∂step = j as for `start + j·step`.
let describe (start: Expr) (step: Expr) (stop: Expr) : (Var * Expr) list * Expr * (Expr -> Expr) =
    let a, h, b, values = Var("rangeStart", typeof<float>), Var("rangeStep", typeof<float>), Var("rangeStop", typeof<float>), Var("rangeElements", typeof<float[]>)
    let bindings = [ a, start; h, step; b, stop; values, elementsCall [ Expr.Var a; Expr.Var h; Expr.Var b ] ]
    let count = <@@ (%%(Expr.Var values): float[]).Length @@>
    let frozen (v: Var) = Expr.Call(stopGradient, [ Expr.Var v ])
    let element (j: Expr) =
        <@@ (%%(Expr.Var values): float[]).[(%%j: int)]
            + ((%%(Expr.Var a): float) - (%%frozen a: float))
            + float (%%j: int) * ((%%(Expr.Var h): float) - (%%frozen h: float)) @@>
    bindings, count, element
