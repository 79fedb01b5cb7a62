/// Unions with several cases (issue 15), split into a tag and every case's fields wherever a value is bound: made by
/// an `if` or an inner function, matched, kept in a mutable across a loop. Expected values by hand in each test's
/// comment, or central differences; a union kept whole is named with the F# fix.
module ExprGrad.FSharp.Tests.UnionTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

type Shape =
    | Circle of float
    | Rect of w: float * h: float
    | Empty

[<Fact>]
let ``a union chosen by an if and matched`` () =
    // x > 0: Circle x, r² → 2x = 6 at 3; otherwise Rect (x, 2), w·h → 2.
    let g = grad <@ fun (x: float) -> let s = (if x > 0.0 then Circle x else Rect (x, 2.0)) in match s with Circle r -> r * r | Rect (w, h) -> w * h | Empty -> 0.0 @>
    Assert.Equal(6.0, g 3.0)
    Assert.Equal(2.0, g -3.0)

[<Fact>]
let ``an inner function matching each case`` () =
    // area (Rect (x, x)) + area (Circle x) + area Empty = x² + 3x²: derivative 8x = 16 at 2.
    Assert.Equal(16.0, grad <@ fun (x: float) -> let area s = match s with Circle r -> 3.0 * r * r | Rect (w, h) -> w * h | Empty -> 0.0 in area (Rect (x, x)) + area (Circle x) + area Empty @> 2.0)

[<Fact>]
let ``a mutable union across a loop`` () =
    // Empty → Circle x₁ → Rect (x₁, x₂) → Rect (x₁ + x₂, x₃); w·h = (x₁ + x₂)·x₃ → (x₃, x₃, x₁ + x₂) = (3, 3, 3).
    let g = grad <@ fun (xs: float[]) ->
                let mutable s = Empty
                for v in xs do
                    s <- (match s with Empty -> Circle v | Circle r -> Rect (r, v) | Rect (w, h) -> Rect (w + h, v))
                match s with Rect (w, h) -> w * h | Circle r -> r | Empty -> 0.0 @>
    Assert.Equal<float[]>([| 3.0; 3.0; 3.0 |], g [| 1.0; 2.0; 3.0 |])
    // One element ends as Circle x₁: derivative 1.
    Assert.Equal<float[]>([| 1.0 |], g [| 5.0 |])

[<Fact>]
let ``a union kept whole is named with the fix`` () =
    rejects "union value ('Circle') kept whole" (fun () -> box (grad <@ fun (x: float) -> float (string (Circle x)).Length * x @>))

let private folded =
    grad <@ fun (xs: float[]) ->
        let mutable s = Empty
        for v in xs do
            s <- (if v > 0.0 then (match s with Rect (w, h) -> Rect (w * v, h + v) | Circle r -> Rect (r, v) | Empty -> Circle (v * v)) else Circle (sin v))
        match s with Rect (w, h) -> w * h | Circle r -> r * r | Empty -> 0.0 @>

[<Property(MaxTest = 100, Replay = "(20261129,97)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a union state machine matches central differences away from the sign boundary`` (Vector x) =
    let plain (xs: float[]) =
        let mutable s = Empty
        for v in xs do
            s <- (if v > 0.0 then (match s with Rect (w, h) -> Rect (w * v, h + v) | Circle r -> Rect (r, v) | Empty -> Circle (v * v)) else Circle (sin v))
        match s with Rect (w, h) -> w * h | Circle r -> r * r | Empty -> 0.0
    if x |> Array.forall (fun v -> abs v > 1e-2) then assertClose $"shapes at %A{x}" (numericGradient plain x) (folded x)
