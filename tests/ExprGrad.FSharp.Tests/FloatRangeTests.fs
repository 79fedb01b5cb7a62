/// `for v in a .. step .. b do` and `[| a .. step .. b |]` over floats: the loop visits exactly F#'s elements (how
/// many, and each value bit for bit, checked against F#'s own `[ a .. step .. b ]` for starts, steps and stops on
/// decimal grids, thirds and sevenths, negative steps and steps that do not divide the span), and the elements
/// carry the derivative of a + j·step in a and step.
module ExprGrad.FSharp.Tests.FloatRangeTests

open System
open Xunit
open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

/// (start, step, stop): tenths in [-3, 3] for the bounds; a nonzero step of tenths, thirds or sevenths of
/// either sign, or an arbitrary one, so many spans are not a whole number of steps and 0.1-style rounding shows.
type RangeCase = RangeCase of float * float * float

type RangeGenerators =
    static member RangeCase() =
        gen {
            let! start = Gen.choose (-30, 30) |> Gen.map (fun i -> float i / 10.0)
            let! stop = Gen.choose (-30, 30) |> Gen.map (fun i -> float i / 10.0)
            let! k = Gen.choose (1, 12)
            let! denominator = Gen.elements [ 10.0; 3.0; 7.0; 100.0 / 7.0 ]
            let! negative = Gen.elements [ false; true ]
            let step = (if negative then -1.0 else 1.0) * float k / denominator
            return RangeCase(start, step, stop)
        }
        |> Arb.fromGen

/// How many elements the loop visits.
let private visits = valueAndGrad <@ fun (p: float[]) -> let mutable count = 0.0 in (for _ in p[0] .. p[1] .. p[2] do count <- count + 1.0); count @>

/// The element the loop visits at index p[3], as the loop body sees it.
let private visited = valueAndGrad <@ fun (p: float[]) ->
                                        let mutable count = 0.0
                                        let mutable picked = 0.0
                                        for v in p[0] .. p[1] .. p[2] do
                                            if count = p[3] then picked <- v
                                            count <- count + 1.0
                                        picked @>

let private element = valueAndGrad <@ fun (p: float[]) -> let xs = [| p[0] .. p[1] .. p[2] |] in xs[int p[3]] @>

[<Property(MaxTest = 300, Replay = "(20261128,53)", Arbitrary = [| typeof<RangeGenerators> |])>]
let ``a float range visits F#'s elements exactly`` (RangeCase(a, h, b)) =
    let expected = [ a .. h .. b ]
    let count, _ = visits [| a; h; b |]
    Assert.Equal(float expected.Length, count)
    expected |> List.iteri (fun j v ->
        for form, f in [ "for v in", visited; "[| .. |]", element ] do
            let got, _ = f [| a; h; b; float j |]
            // Equal as floats (0.0 and −0.0 compare equal, as F#'s `=` has them).
            Assert.True((v = got), $"{form} [{a} .. {h} .. {b}][{j}]: F# has {v:R}, got {got:R}"))

let private squares = grad <@ fun (p: float[]) ->
                                 let mutable s = 0.0
                                 for v in p[0] .. p[1] .. 2.5 do s <- s + v * v * p[2]
                                 s @>

[<Property(MaxTest = 200, Replay = "(20261128,59)", Arbitrary = [| typeof<RangeGenerators> |])>]
let ``the elements carry the derivative of a + j·step`` (RangeCase(a, h, _)) =
    // s = c Σⱼ vⱼ², vⱼ = a + j·h: ∂s/∂a = 2c Σ vⱼ, ∂s/∂h = 2c Σ j·vⱼ, ∂s/∂c = Σ vⱼ², over F#'s elements.
    let c = 0.75
    let f (p: float[]) = [ p[0] .. p[1] .. 2.5 ] |> List.sumBy (fun v -> v * v * p[2])
    let xs = [ a .. h .. 2.5 ]
    let expected = [| 2.0 * c * List.sum xs; 2.0 * c * (xs |> List.mapi (fun j v -> float j * v) |> List.sum); xs |> List.sumBy (fun v -> v * v) |]
    let gradient = squares [| a; h; c |]
    assertClose $"closed form, [{a} .. {h} .. 2.5]" expected gradient
    // Central differences see the same elements only when no nearby start or step changes their number.
    let counts = [ for d in [ -2e-3; -1e-3; 1e-3; 2e-3 ] do
                     yield [ a + d * max 1.0 (abs a) .. h .. 2.5 ].Length
                     yield [ a .. h + d * max 1.0 (abs h) .. 2.5 ].Length ]
    if counts |> List.forall ((=) xs.Length) then
        assertClose $"central differences, [{a} .. {h} .. 2.5]" (numericGradient f [| a; h; c |]) gradient

[<Fact>]
let ``the documented example visits 0, 0.5, 1, 1.5 and 2`` () =
    // Σ v² over 0, 0.5, 1, 1.5, 2 = 0 + 0.25 + 1 + 2.25 + 4 = 7.5; ∂/∂a = 2 Σ v = 10, ∂/∂step = 2 Σ j·v = 2·(0.5 + 2 + 4.5 + 8) = 30.
    let value, gradient = valueAndGrad <@ fun (p: float[]) -> let mutable s = 0.0 in (for v in p[0] .. p[1] .. 2.0 do s <- s + v * v); s @> [| 0.0; 0.5 |]
    Assert.Equal(7.5, value)
    Assert.Equal<float[]>([| 10.0; 30.0 |], gradient)

[<Fact>]
let ``a zero step throws F#'s ArgumentException`` () =
    let f = grad <@ fun (p: float[]) -> let mutable s = 0.0 in (for v in p[0] .. p[1] .. 2.0 do s <- s + v); s @>
    Assert.ThrowsAny<ArgumentException>(fun () -> f [| 0.0; 0.0 |] |> ignore) |> ignore
