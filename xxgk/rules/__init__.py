"""The statutory core: pure Python, typed, no Django.

Everything the 2019 《政府信息公开条例》 and the State Council's report formats fix lives here once:
report formats as data, cross-checks (勾稽关系), the working-day calendar, deadlines and fees.
"""
